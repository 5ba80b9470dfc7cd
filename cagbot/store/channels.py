"""SQL for channels and forum topics: configured destinations as last checked, the topic a
group posts to, and which new posts were queued to which destination."""

from __future__ import annotations

from dataclasses import dataclass

from cagbot.store.database import Database

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True, slots=True)
class Channel:
    chat_id: int
    ref: str
    language: str | None
    thread_id: int | None
    title: str | None
    ok: bool
    missing: str | None


class ChannelStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record_check(
        self,
        *,
        chat_id: int,
        ref: str,
        language: str | None,
        thread_id: int | None,
        title: str | None,
        missing: str | None,
    ) -> bool:
        """Store what the start-up check found; True the first time this chat is seen (its
        ``since`` then starts now: posts from before are never queued to it)."""
        async with self.db.transaction() as connection:
            # New means no row before this check: comparing ``since`` with ``checked_at``
            # said "new" again when two checks fell in the same millisecond.
            cursor = await connection.execute(
                "SELECT 1 FROM channels WHERE chat_id = ?", (chat_id,)
            )
            seen = await cursor.fetchone() is not None
            cursor = await connection.execute(
                f"""INSERT INTO channels (chat_id, ref, language, thread_id, title, ok, missing,
                                          checked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, {_NOW})
                    ON CONFLICT (chat_id) DO UPDATE SET ref = excluded.ref,
                        language = excluded.language, thread_id = excluded.thread_id,
                        title = excluded.title, ok = excluded.ok, missing = excluded.missing,
                        checked_at = excluded.checked_at""",  # noqa: S608
                (chat_id, ref, language, thread_id, title, missing is None, missing),
            )
            if thread_id is not None:
                await connection.execute(
                    "INSERT INTO chat_threads (chat_id, thread_id) VALUES (?, ?) "
                    "ON CONFLICT (chat_id) DO UPDATE SET thread_id = excluded.thread_id",
                    (chat_id, thread_id),
                )
            return not seen

    async def all(self) -> list[Channel]:
        rows = await self.db.fetchall("SELECT * FROM channels ORDER BY chat_id")
        return [
            Channel(
                int(row["chat_id"]),
                row["ref"],
                row["language"],
                row["thread_id"],
                row["title"],
                bool(row["ok"]),
                row["missing"],
            )
            for row in rows
        ]

    async def unposted(self, chat_id: int, *, limit: int = 50) -> list[int]:
        """Announced posts (not the backlog, not closed calls) added since the channel was
        first seen and not yet queued to it, oldest first."""
        rows = await self.db.fetchall(
            """SELECT n.post_id FROM post_notifications n
               JOIN posts p ON p.id = n.post_id
               JOIN channels c ON c.chat_id = ?
               WHERE n.status = 'done' AND julianday(p.created_at) >= julianday(c.since)
                 AND NOT EXISTS (SELECT 1 FROM channel_posts cp
                                 WHERE cp.chat_id = c.chat_id AND cp.post_id = n.post_id)
               ORDER BY n.post_id LIMIT ?""",
            (chat_id, limit),
        )
        return [int(row[0]) for row in rows]

    async def mark_posted(self, chat_id: int, post_id: int) -> None:
        async with self.db.transaction() as connection:
            await connection.execute(
                "INSERT OR IGNORE INTO channel_posts (chat_id, post_id) VALUES (?, ?)",
                (chat_id, post_id),
            )

    # -- a group's forum topic --------------------------------------------------------------

    async def set_thread(self, chat_id: int, thread_id: int | None, set_by: int | None) -> None:
        async with self.db.transaction() as connection:
            if thread_id is None:
                await connection.execute("DELETE FROM chat_threads WHERE chat_id = ?", (chat_id,))
                return
            await connection.execute(
                f"""INSERT INTO chat_threads (chat_id, thread_id, set_by) VALUES (?, ?, ?)
                    ON CONFLICT (chat_id) DO UPDATE SET thread_id = excluded.thread_id,
                        set_by = excluded.set_by, updated_at = {_NOW}""",  # noqa: S608
                (chat_id, thread_id, set_by),
            )

    async def thread_of(self, chat_id: int) -> int | None:
        row = await self.db.fetchone(
            "SELECT thread_id FROM chat_threads WHERE chat_id = ?", (chat_id,)
        )
        return int(row[0]) if row else None
