-- Which cagbot migrated this database, when, and from which backup it can be rolled back
-- (issue 23). One row per `cagbot migrate` (or `run`, `import`) that applied migrations;
-- the newest row names the release the schema belongs to. Changes nobody's choices.
CREATE TABLE schema_log (
    id             INTEGER PRIMARY KEY,
    schema_version INTEGER NOT NULL,                 -- PRAGMA user_version after migrating
    cagbot_version TEXT NOT NULL,                    -- the release that migrated it
    from_version   INTEGER NOT NULL,                 -- the schema before
    backup         TEXT,                             -- the copy taken first, if any
    migrated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Backups `cagbot backup` (and `cagbot migrate`) made of this database: the newest one's
-- time is a metric (cagbot_last_backup_timestamp_seconds) an alert can watch.
CREATE TABLE backups (
    id       INTEGER PRIMARY KEY,
    path     TEXT NOT NULL,
    bytes    INTEGER NOT NULL,
    taken_at REAL NOT NULL                           -- unix seconds
);
