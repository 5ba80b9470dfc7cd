-- The running bot's heartbeat, read by `cagbot health` (another process): one row per bot
-- process kind ('bot'), overwritten every few seconds while it runs. Times are unix seconds.
CREATE TABLE heartbeat (
    name       TEXT PRIMARY KEY,
    pid        INTEGER NOT NULL,
    host       TEXT NOT NULL,
    mode       TEXT NOT NULL CHECK (mode IN ('starting', 'polling', 'webhook')),
    version    TEXT NOT NULL,
    started_at REAL NOT NULL,
    beat_at    REAL NOT NULL,
    stopped_at REAL                                 -- set by a clean shutdown
) WITHOUT ROWID;
