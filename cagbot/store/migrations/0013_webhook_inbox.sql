-- Updates Telegram posted to the webhook, stored before it is answered 200 and deleted
-- once handled: Telegram does not post an answered update again, so a process killed in
-- between (kill -9, a crash, a power cut) would otherwise lose it. Replayed at the start.
CREATE TABLE webhook_inbox (
    update_id   INTEGER PRIMARY KEY,
    body        TEXT NOT NULL,                 -- the update's JSON as Telegram sent it
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
