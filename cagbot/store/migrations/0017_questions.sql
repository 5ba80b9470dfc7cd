-- Ask CAG: a person's questions to staff and staff's answers (cagbot.bot.ask). The texts are
-- never stored: they live in Telegram (the person's chat and the staff chat). What is kept
-- is the routing (which staff-chat topic or message belongs to which person) and the times
-- /stats needs. /forget sets chat_id to NULL: the thread then names nobody.
CREATE TABLE question_threads (
    id            INTEGER PRIMARY KEY,
    chat_id       INTEGER,                     -- the asker's private chat; NULL after /forget
    inbox_chat_id INTEGER NOT NULL,            -- the staff chat it went to
    topic_id      INTEGER,                     -- its forum topic there; NULL in a plain group
    language      TEXT NOT NULL,               -- the asker's language, for staff and answers
    opened_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    closed_at     TEXT,
    blocked_told  INTEGER NOT NULL DEFAULT 0   -- staff were told the person blocked the bot
);
-- One open thread per person: their next question threads under it.
CREATE UNIQUE INDEX question_threads_open ON question_threads (chat_id)
    WHERE closed_at IS NULL AND chat_id IS NOT NULL;
CREATE INDEX question_threads_topic ON question_threads (inbox_chat_id, topic_id);

CREATE TABLE questions (
    id               INTEGER PRIMARY KEY,
    thread_id        INTEGER NOT NULL REFERENCES question_threads (id) ON DELETE CASCADE,
    inbox_message_id INTEGER,                  -- the staff-chat message carrying it
    asked_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    answered_at      TEXT                      -- staff's first answer after it
);
CREATE INDEX questions_thread ON questions (thread_id, asked_at);
CREATE INDEX questions_message ON questions (inbox_message_id);
