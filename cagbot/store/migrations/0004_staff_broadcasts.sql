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
