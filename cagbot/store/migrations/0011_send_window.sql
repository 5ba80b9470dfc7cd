-- Telegram's overall limit (30 sends in any second) is one for all the processes that send
-- for the bot: every send takes a slot here, in one transaction with the count of the
-- slots still in the window, so the processes share the limit by demand and a restarted
-- one goes on from what was sent. Times are unix seconds; rows older than a minute go.
CREATE TABLE send_slots (
    id      INTEGER PRIMARY KEY,
    pid     INTEGER NOT NULL,               -- the sending process (a dead one's slots end)
    started REAL NOT NULL,
    done    REAL                            -- when the answer came back; NULL on the wire
);
CREATE INDEX send_slots_done ON send_slots (done);
