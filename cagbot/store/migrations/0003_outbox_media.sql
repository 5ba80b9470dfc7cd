-- A queued message may be a photo with a caption, and may carry an inline keyboard, so that
-- notifications, digests, reminders and broadcasts can offer buttons (open, apply, remind me,
-- manage the subscription) and a post with an image can go out as a photo.
ALTER TABLE outbox_messages ADD COLUMN photo TEXT;          -- http(s) URL or Telegram file_id
ALTER TABLE outbox_messages ADD COLUMN reply_markup TEXT;   -- Bot API InlineKeyboardMarkup JSON
