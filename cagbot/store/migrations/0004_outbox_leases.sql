-- Many processes drain one outbox (the bot and any number of `cagbot broadcast` runs).
-- A claimed ('sending') row names its owner and a lease the owner renews while it works;
-- only a row whose lease has expired is taken back, never a live process's row.
ALTER TABLE outbox ADD COLUMN owner TEXT;                 -- dispatcher identity (host:pid:random)
ALTER TABLE outbox ADD COLUMN lease_until REAL;           -- unix seconds; NULL: expired
-- When the row first failed transiently: retries continue for the retry window from here.
ALTER TABLE outbox ADD COLUMN retry_since REAL;
-- When Telegram accepted the row (unix seconds): a new pacer starts from the last minute's
-- sends, so a restart does not provoke a burst of 429s.
ALTER TABLE outbox ADD COLUMN sent_at REAL;
CREATE INDEX outbox_recent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- The dispatchers alive now: each renews its heartbeat with its leases, so the others know
-- how many share Telegram's overall limit and whose rows are in good hands.
CREATE TABLE outbox_owners (
    owner      TEXT PRIMARY KEY,
    pid        INTEGER NOT NULL,
    host       TEXT NOT NULL,
    role       TEXT NOT NULL,                            -- 'bot' or 'cli'
    started_at REAL NOT NULL,
    heartbeat  REAL NOT NULL,
    -- When it last counted the dispatchers sharing the limit: a newcomer sends only once
    -- every other live dispatcher has counted it (and so lowered its own rate).
    counted_at REAL NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The staff member's progress message of a broadcast started in the bot, so that after a
-- restart it resumes being edited and the final report still comes.
ALTER TABLE broadcasts ADD COLUMN progress_chat_id INTEGER;
ALTER TABLE broadcasts ADD COLUMN progress_message_id INTEGER;
ALTER TABLE broadcasts ADD COLUMN progress_language TEXT;
