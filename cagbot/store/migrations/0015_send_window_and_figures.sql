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

-- `cagbot stats` at a million subscribers: one walk of this index gives the counts by
-- language, chat type and month (it read the table three times, sorting each), and the
-- running broadcasts' counts by outcome come from the outbox by message, not a scan.
-- (The raw columns after the month make it covering: SQLite 3.40 does not count an indexed
-- expression as covering.)
CREATE INDEX subscribers_figures ON subscribers
    (language, telegram_language, chat_type, substr(subscribed_at, 1, 7), subscribed_at,
     subscribed, active)
    WHERE subscribed = 1 AND active = 1;
CREATE INDEX outbox_message_status ON outbox (message_id, status);
