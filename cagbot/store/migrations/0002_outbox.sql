-- Notifications: a durable outbox, the fan-out bookkeeping around it, feed polling state,
-- deadline reminders, digests and the staff broadcast audit.

-- When a subscriber (re)subscribed: a post older than this is never sent to them, so a new
-- subscriber does not receive the backlog. Set by triggers, so every code path that flips
-- `subscribed` keeps it right without knowing about notifications.
ALTER TABLE subscribers ADD COLUMN subscribed_at TEXT;
UPDATE subscribers SET subscribed_at = updated_at WHERE subscribed = 1;

CREATE TRIGGER subscribers_subscribed_on_insert AFTER INSERT ON subscribers
WHEN NEW.subscribed = 1 AND NEW.subscribed_at IS NULL
BEGIN
    UPDATE subscribers SET subscribed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE chat_id = NEW.chat_id;
END;

CREATE TRIGGER subscribers_subscribed_on_update AFTER UPDATE OF subscribed ON subscribers
WHEN NEW.subscribed = 1 AND OLD.subscribed = 0
BEGIN
    UPDATE subscribers SET subscribed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE chat_id = NEW.chat_id;
END;

-- Every post ever inserted gets a row here in the same transaction (trigger), so a crash
-- between import and fan-out cannot lose an announcement. 'new' rows are fanned out once;
-- 'skipped' marks backlog that must never be announced.
CREATE TABLE post_notifications (
    post_id    INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    status     TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'done', 'skipped')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    done_at    TEXT
);
CREATE INDEX post_notifications_new ON post_notifications (post_id) WHERE status = 'new';

CREATE TRIGGER posts_notify_on_insert AFTER INSERT ON posts
BEGIN
    INSERT OR IGNORE INTO post_notifications (post_id) VALUES (NEW.id);
END;

-- Small named facts about the notifier, e.g. whether the first-run backlog was absorbed.
CREATE TABLE notifier_state (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Staff broadcasts, kept as an audit trail: who, when, what, to whom, with what outcome.
CREATE TABLE broadcasts (
    id          INTEGER PRIMARY KEY,
    admin_id    INTEGER,                          -- NULL when started from the CLI
    origin      TEXT NOT NULL CHECK (origin IN ('bot', 'cli')),
    texts       TEXT NOT NULL,                    -- JSON {"*": text} or {"sv": ..., "ru": ...}
    audience    TEXT NOT NULL,                    -- JSON {"kind": "all"|"language"|"topic", ...}
    recipients  INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'done', 'cancelled')),
    sent        INTEGER NOT NULL DEFAULT 0,
    blocked     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at TEXT
);

-- One rendered text per (event, language), shared by every recipient of that text.
CREATE TABLE outbox_messages (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL
                 CHECK (kind IN ('post', 'opportunity', 'digest', 'reminder', 'broadcast',
                                 'staff')),
    dedupe_key   TEXT UNIQUE,                     -- e.g. 'post:12:ru'; NULL for one-offs
    language     TEXT,
    text         TEXT NOT NULL CHECK (length(text) > 0),
    parse_mode   TEXT,                            -- 'HTML' or NULL for plain text
    post_id      INTEGER REFERENCES posts (id) ON DELETE SET NULL,
    broadcast_id INTEGER REFERENCES broadcasts (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX outbox_messages_broadcast ON outbox_messages (broadcast_id)
    WHERE broadcast_id IS NOT NULL;

-- One row per (message, chat), written before anything is sent. 'sending' is set just
-- before the request; at start-up leftover 'sending' rows go back to 'pending', so a crash
-- costs at most a duplicate of the few messages that were in flight.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES outbox_messages (id) ON DELETE CASCADE,
    chat_id     INTEGER NOT NULL,                 -- 64-bit
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed')),
    priority    INTEGER NOT NULL DEFAULT 0,       -- higher goes first (staff alerts)
    attempts    INTEGER NOT NULL DEFAULT 0,
    not_before  REAL NOT NULL DEFAULT 0,          -- unix seconds; retry/backoff time
    last_error  TEXT,
    telegram_message_id INTEGER,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at TEXT,
    UNIQUE (message_id, chat_id)
);
CREATE INDEX outbox_due ON outbox (priority DESC, not_before, id) WHERE status = 'pending';
CREATE INDEX outbox_sending ON outbox (id) WHERE status = 'sending';
CREATE INDEX outbox_chat ON outbox (chat_id);

-- Feed polling: conditional GET validators and exponential back-off per feed URL.
CREATE TABLE feed_state (
    url             TEXT PRIMARY KEY,
    etag            TEXT,
    last_modified   TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,
    next_poll_at    REAL NOT NULL DEFAULT 0,      -- unix seconds
    last_error      TEXT,
    last_polled_at  TEXT,
    last_success_at TEXT                          -- NULL: never fetched; first fetch is baseline
) WITHOUT ROWID;

-- "Remind me": a subscriber hears about the opportunity a few days before its deadline, once.
CREATE TABLE reminders (
    chat_id     INTEGER NOT NULL
                REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    post_id     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    reminded_at TEXT,
    PRIMARY KEY (chat_id, post_id)
) WITHOUT ROWID;
CREATE INDEX reminders_due ON reminders (post_id) WHERE reminded_at IS NULL;

-- Matches collected for subscribers who chose a daily or weekly digest.
CREATE TABLE digest_items (
    chat_id    INTEGER NOT NULL
               REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (chat_id, post_id)
) WITHOUT ROWID;
