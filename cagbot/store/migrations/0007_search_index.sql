-- A snapshot of the search index (issue 14), so `cagbot search` and a restart need not
-- rebuild it from every post. Valid only while `fingerprint` matches the posts (count,
-- newest id, last update) and the lexicon; otherwise it is rebuilt and replaced.
CREATE TABLE search_index (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    data        BLOB NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
