-- Quick polls: a broadcast may be an anonymous Telegram poll instead of a text.
-- `poll` holds the poll as sent, JSON {"question": ..., "options": [...]}; the text column
-- then holds the question (it is NOT NULL and the previews read it).
ALTER TABLE outbox_messages ADD COLUMN poll TEXT;
-- A planned or recorded broadcast that is a poll: its texts are "question\noption\n...".
ALTER TABLE planned_broadcasts ADD COLUMN poll INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN poll INTEGER NOT NULL DEFAULT 0;

-- The latest totals Telegram reported for each poll the bot sent (one poll per recipient:
-- every sendPoll makes a new poll). Keyed by a hash of Telegram's poll id (ids may grow with
-- time; a hash has no order), with the broadcast and the language it went out in, and
-- nothing else: no chat, no user, no time, and no rowid (the order of insertion would
-- follow the order of sending, hence of the outbox's chats). The outbox row of the message
-- does not hold the poll id either, so no row ties a chat to its poll's totals. Anonymous polls report totals only; the bot never asks for
-- poll_answer updates. A vote may arrive before the send is recorded: its totals wait here
-- without a broadcast until the send names it.
CREATE TABLE poll_totals (
    poll_key     TEXT PRIMARY KEY,                -- sha256 of the poll id, 32 hex digits
    broadcast_id INTEGER REFERENCES broadcasts (id) ON DELETE CASCADE,
    language     TEXT,
    counts       TEXT NOT NULL                    -- JSON [votes of option 0, option 1, ...]
) WITHOUT ROWID;
CREATE INDEX poll_totals_broadcast ON poll_totals (broadcast_id, language);
