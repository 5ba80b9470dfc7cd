-- The search index snapshot is brought up to date instead of rebuilt (issue 14): it
-- records how far it covers the posts (their newest updated_at) and the machine
-- translations (their newest created_at); changes since then are applied on load.
-- `fingerprint` now names only the index format and the lexicon.
ALTER TABLE search_index ADD COLUMN posts_mark TEXT NOT NULL DEFAULT '';
ALTER TABLE search_index ADD COLUMN translations_mark TEXT NOT NULL DEFAULT '';
-- Older snapshots say nothing of what they cover: rebuild them once.
DELETE FROM search_index;
