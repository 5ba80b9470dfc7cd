-- Content understood (issue 13): a post's real language (ky, kk, uk, ...), every kind of open
-- call, its featured image, its other-language versions, and every headline it has had.

-- SQLite cannot ALTER a CHECK constraint, and rebuilding `posts` would cascade-delete its
-- children (migrations run with foreign keys on). Both CHECKs only get looser, which no stored
-- row can violate, so they are rewritten in place: SQLite's documented procedure for removing
-- or loosening a constraint (writable_schema, then a schema reset). replace() touches only the
-- constraint text, so columns other migrations add to these tables are kept.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql, 'CHECK (language IN (''sv'', ''en'', ''ru''))',
                  'CHECK (length(language) BETWEEN 2 AND 12)')
WHERE type = 'table' AND name = 'posts';
UPDATE sqlite_master
SET sql = replace(sql,
    'CHECK (type IN (''internship'', ''residency'', ''volunteering'', ''exchange'', ''other''))',
    'CHECK (type IN (''internship'', ''residency'', ''volunteering'', ''exchange'', ''job'', '
    || '''grant'', ''scholarship'', ''contest'', ''course'', ''other''))')
WHERE type = 'table' AND name = 'opportunities';
PRAGMA writable_schema = RESET;

ALTER TABLE posts ADD COLUMN image_url TEXT;                       -- http(s) only
ALTER TABLE posts ADD COLUMN translation_links TEXT NOT NULL DEFAULT '{}'; -- JSON {"ru": url, ...}

-- Every headline a post has had, under its dedupe key: identity looks titles up here (a title
-- is a hint, not an identity, so posts.key may carry a suffix), and search indexes them all.
-- (Key columns first: SQLite 3.40's integrity_check misreads a WITHOUT ROWID table whose
-- other columns sit between its key columns.)
CREATE TABLE post_titles (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    title   TEXT NOT NULL,
    key     TEXT NOT NULL,
    PRIMARY KEY (post_id, title)
) WITHOUT ROWID;
CREATE INDEX post_titles_key ON post_titles (key);
INSERT INTO post_titles (post_id, key, title) SELECT id, key, title FROM posts;
