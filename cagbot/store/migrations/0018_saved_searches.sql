-- Saved searches (issue 25): a query as the person typed it, matched against every new or
-- newly translated post by the search engine. Keyed by chat like the rest of a person's
-- data, so /forget (and a chat erased with its subscriber row) takes them along; a chat
-- migrating to a supergroup takes them along too.
CREATE TABLE saved_searches (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL
               REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    query      TEXT NOT NULL CHECK (length(query) BETWEEN 1 AND 200),
    paused     INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (chat_id, query)
);

-- Which post each saved search has already told about: an alert goes out once per saved
-- search and post, whatever restarts, re-imports or new translations follow.
CREATE TABLE saved_search_hits (
    search_id INTEGER NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    PRIMARY KEY (search_id, post_id)
) WITHOUT ROWID;
CREATE INDEX saved_search_hits_post ON saved_search_hits (post_id);
