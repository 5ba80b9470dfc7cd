-- Broadcasts worth sending: planned sends (scheduled for a local time and/or awaiting a
-- staff member's approval of an editor's draft), pause/resume/cancel of a send in progress.
-- Additive only: the outbox itself is untouched; a paused broadcast's pending rows are held
-- by moving their not_before far into the future, which every claim already respects.

-- A broadcast that is not sent yet. It becomes a row in `broadcasts` when it fires.
CREATE TABLE planned_broadcasts (
    id           INTEGER PRIMARY KEY,
    drafted_by   INTEGER NOT NULL,                -- Telegram user id of the author
    approved_by  INTEGER,                         -- staff who approved (or the author if staff)
    texts        TEXT NOT NULL,                   -- JSON {"*": html} or {"sv": ..., "ru": ...}
    photo        TEXT,                            -- Telegram file_id or http(s) URL
    audience     TEXT NOT NULL,                   -- JSON, as in broadcasts.audience
    fire_at      REAL,                            -- unix seconds; NULL: at once when approved
    timezone     TEXT,                            -- IANA name the staff member chose
    status       TEXT NOT NULL
                 CHECK (status IN ('awaiting_approval', 'scheduled', 'fired', 'cancelled',
                                   'rejected')),
    broadcast_id INTEGER REFERENCES broadcasts (id) ON DELETE SET NULL,
    decided_by   INTEGER,                         -- who cancelled or rejected
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    decided_at   TEXT
);
CREATE INDEX planned_broadcasts_due ON planned_broadcasts (fire_at) WHERE status = 'scheduled';

-- What staff did to a broadcast in progress (pause, resume, cancel): the audit trail, and
-- the current state is the latest row.
CREATE TABLE broadcast_controls (
    id           INTEGER PRIMARY KEY,
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    action       TEXT NOT NULL CHECK (action IN ('pause', 'resume', 'cancel')),
    admin_id     INTEGER,
    rows         INTEGER NOT NULL DEFAULT 0,      -- pending rows held, released or withdrawn
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX broadcast_controls_of ON broadcast_controls (broadcast_id, id);

-- Calls (opportunities) created and edited in Telegram. `doc` is the call in the shape of
-- one [[opportunity]] of the curated TOML file (top-level texts in `language`, a table per
-- other language), as JSON; publishing imports it as curated content into `posts`.
CREATE TABLE calls (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER REFERENCES posts (id) ON DELETE SET NULL,
    doc          TEXT NOT NULL,
    status       TEXT NOT NULL
                 CHECK (status IN ('awaiting_approval', 'published', 'rejected')),
    drafted_by   INTEGER NOT NULL,
    approved_by  INTEGER,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX calls_post ON calls (post_id) WHERE post_id IS NOT NULL;

-- The guided form in progress, per staff member or editor: survives a restart.
CREATE TABLE call_forms (
    user_id    INTEGER PRIMARY KEY,
    state      TEXT NOT NULL,                    -- JSON: step, answers, call being edited
    updated_at REAL NOT NULL                     -- unix seconds; old forms expire
) WITHOUT ROWID;

-- Every change staff and editors make: who, what, when, before and after (JSON).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    actor      INTEGER,                          -- Telegram user id; NULL for the CLI
    action     TEXT NOT NULL,                    -- e.g. 'call.publish', 'call.close'
    subject    TEXT NOT NULL,                    -- e.g. 'call:3', 'broadcast:5'
    before     TEXT,
    after      TEXT,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX audit_log_subject ON audit_log (subject, id);

-- Where in a chat the bot posts: the forum topic a group chose with /here, or the topic a
-- configured destination names (CAGBOT_CHANNELS=chat_id:thread_id). Every delivery to the
-- chat goes there (the dispatcher reads it when it claims a row).
CREATE TABLE chat_threads (
    chat_id    INTEGER PRIMARY KEY,
    thread_id  INTEGER NOT NULL,
    set_by     INTEGER,                          -- the group admin who chose it; NULL: config
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;

-- Configured channels and forum topics (CAGBOT_CHANNELS), as last checked at start-up.
CREATE TABLE channels (
    chat_id    INTEGER PRIMARY KEY,              -- resolved from @username by getChat
    ref        TEXT NOT NULL,                    -- as configured, e.g. '@cag_ru'
    language   TEXT,                             -- NULL: one channel for all languages
    thread_id  INTEGER,
    title      TEXT,
    ok         INTEGER NOT NULL DEFAULT 0,       -- the bot may post there
    missing    TEXT,                             -- what it lacks, e.g. 'can_post_messages'
    since      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    checked_at TEXT
) WITHOUT ROWID;

-- Posts queued to a channel (never twice; the backlog before a channel existed is not).
CREATE TABLE channel_posts (
    chat_id   INTEGER NOT NULL,
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    queued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (chat_id, post_id)
) WITHOUT ROWID;

-- /forget (a subscriber row deleted) also forgets the chat's topic choice and any
-- unfinished call form of that person.
CREATE TRIGGER subscribers_forget_staff_state AFTER DELETE ON subscribers
BEGIN
    DELETE FROM chat_threads WHERE chat_id = OLD.chat_id AND set_by IS NOT NULL;
    DELETE FROM call_forms WHERE user_id = OLD.chat_id;
END;
