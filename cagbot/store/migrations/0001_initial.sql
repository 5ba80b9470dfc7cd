-- Posts and opportunities as imported from listings, feeds and the curated file.
CREATE TABLE posts (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,            -- normalised title, the dedupe key
    guid         TEXT UNIQUE,
    url          TEXT,
    title        TEXT NOT NULL CHECK (length(title) > 0),
    summary      TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL CHECK (language IN ('sv', 'en', 'ru')),
    kind         TEXT NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'opportunity')),
    source       TEXT NOT NULL,
    published_at TEXT,                            -- ISO 8601, UTC
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX posts_url ON posts (url) WHERE url IS NOT NULL;
CREATE INDEX posts_newest ON posts (coalesce(published_at, created_at) DESC, id DESC);

CREATE TABLE opportunities (
    post_id      INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    type         TEXT NOT NULL
                 CHECK (type IN ('internship', 'residency', 'volunteering', 'exchange', 'other')),
    location     TEXT,
    duration     TEXT,
    deadline     TEXT,                            -- ISO date
    how_to_apply TEXT,
    apply_url    TEXT,
    is_open      INTEGER NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1)),
    titles       TEXT NOT NULL DEFAULT '{}'       -- JSON {"sv": ..., "ru": ...}
);

-- Topic slugs come from data/lexicon.toml; labels stay there, in three languages.
CREATE TABLE topics (
    slug     TEXT PRIMARY KEY,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE post_topics (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    topic   TEXT NOT NULL,
    PRIMARY KEY (post_id, topic)
) WITHOUT ROWID;
CREATE INDEX post_topics_topic ON post_topics (topic);

CREATE TABLE post_countries (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    country TEXT NOT NULL,
    PRIMARY KEY (post_id, country)
) WITHOUT ROWID;

-- One row per chat the bot talks to. Private chats: chat_id is the user's id.
-- Nothing about a person is kept beyond what delivery needs (no names, no usernames).
CREATE TABLE subscribers (
    chat_id            INTEGER PRIMARY KEY,       -- 64-bit: supergroup ids need 52 bits
    chat_type          TEXT NOT NULL DEFAULT 'private'
                       CHECK (chat_type IN ('private', 'group', 'supergroup', 'channel')),
    language           TEXT CHECK (language IN ('sv', 'en', 'ru')),          -- chosen
    telegram_language  TEXT CHECK (telegram_language IN ('sv', 'en', 'ru')), -- from language_code
    content_languages  TEXT NOT NULL DEFAULT 'mine' CHECK (content_languages IN ('mine', 'all')),
    opportunity_alerts INTEGER NOT NULL DEFAULT 1 CHECK (opportunity_alerts IN (0, 1)),
    frequency          TEXT NOT NULL DEFAULT 'instant'
                       CHECK (frequency IN ('instant', 'daily', 'weekly')),
    subscribed         INTEGER NOT NULL DEFAULT 0 CHECK (subscribed IN (0, 1)),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)), -- 0: bot blocked
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE subscriber_topics (
    chat_id INTEGER NOT NULL REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    topic   TEXT NOT NULL,
    PRIMARY KEY (chat_id, topic)
) WITHOUT ROWID;
CREATE INDEX subscriber_topics_topic ON subscriber_topics (topic);
