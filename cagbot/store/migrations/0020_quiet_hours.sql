-- Quiet hours (issue 25): each chat's night, in its own time zone, when notifications do
-- not ring. 'silent': sent with disable_notification; 'hold': kept until the night ends;
-- 'off': every notification rings (digests still never ring at night: cagbot.quiet_hours).
-- Hours are local (0-23); start > end wraps midnight (the default, 22:00-08:00).
ALTER TABLE subscribers ADD COLUMN quiet_mode TEXT NOT NULL DEFAULT 'silent'
    CHECK (quiet_mode IN ('silent', 'hold', 'off'));
ALTER TABLE subscribers ADD COLUMN quiet_start INTEGER NOT NULL DEFAULT 22
    CHECK (quiet_start BETWEEN 0 AND 23);
ALTER TABLE subscribers ADD COLUMN quiet_end INTEGER NOT NULL DEFAULT 8
    CHECK (quiet_end BETWEEN 0 AND 23);

-- A row held for the night: its not_before is a marker no claim takes (above the paused
-- broadcasts' one) and this is when, in unix seconds, it is due again.
ALTER TABLE outbox ADD COLUMN quiet_until REAL;
CREATE INDEX outbox_quiet ON outbox (quiet_until) WHERE quiet_until IS NOT NULL;

-- Staff broadcasts: 'urgent' is the only thing that rings during quiet hours; 'protect'
-- sends every message of it with protect_content (it cannot be forwarded or saved).
ALTER TABLE broadcasts ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN protect_content INTEGER NOT NULL DEFAULT 0;
-- ... and a broadcast planned for later or awaiting approval keeps them until it fires.
ALTER TABLE planned_broadcasts ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE planned_broadcasts ADD COLUMN protect_content INTEGER NOT NULL DEFAULT 0;
