-- /forget wins every race: a row for an audience (a post's announcement, a reminder, a
-- digest, a broadcast) is queued only for a chat that still has a subscriber row. A job
-- that read its recipients before someone confirmed /forget and writes after it (the
-- digest job renders for minutes) can no longer queue that chat again; the row is simply
-- not written. One-offs to a named chat (staff alerts, channel posts) are not audiences.
CREATE TRIGGER outbox_only_for_known_chats BEFORE INSERT ON outbox
WHEN NOT EXISTS (SELECT 1 FROM subscribers WHERE chat_id = NEW.chat_id)
 AND EXISTS (SELECT 1 FROM outbox_messages m WHERE m.id = NEW.message_id
             AND (m.broadcast_id IS NOT NULL OR m.post_id IS NOT NULL
                  OR m.kind IN ('digest', 'reminder')))
BEGIN
    SELECT RAISE(IGNORE);
END;

-- The role the actor held when they acted ('staff', 'editor'; NULL for the CLI and for
-- entries written before this column): roles change, and the audit must say what the
-- person was allowed to do at the time, not what they are now.
ALTER TABLE audit_log ADD COLUMN actor_role TEXT;
