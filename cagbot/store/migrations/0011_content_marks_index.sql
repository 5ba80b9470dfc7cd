-- The running bot looks every few seconds at where content stands (issue 20: posts written
-- by `cagbot import` in another process become searchable and are announced at once):
-- max(posts.updated_at) and max(translations.created_at), and the posts written since a
-- mark. Indexed, these are lookups instead of scans of every post.
CREATE INDEX IF NOT EXISTS posts_updated ON posts (updated_at);
CREATE INDEX IF NOT EXISTS translations_created ON translations (created_at);
