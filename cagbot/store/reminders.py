"""SQL for deadline reminders and digest items: things a chat asked to hear about later."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cagbot.store.audience import EFFECTIVE_LANGUAGE
from cagbot.store.database import Database
from cagbot.store.outbox import Outgoing, insert_message

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
#: A reminder goes out this many days before the deadline (or at once, if it is nearer).
REMINDER_DAYS = 3


@dataclass(frozen=True, slots=True)
class DigestGroup:
    """Chats that get the same digest: same effective language, same posts."""

    language: str
    post_ids: tuple[int, ...]
    chat_ids: tuple[int, ...]


class ReminderStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, chat_id: int, post_id: int) -> bool:
        """Remember that the chat wants a reminder before the opportunity's deadline.
        False if it was already asked for, or the chat or opportunity is unknown."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                """INSERT OR IGNORE INTO reminders (chat_id, post_id)
                   SELECT s.chat_id, o.post_id FROM subscribers s, opportunities o
                   WHERE s.chat_id = ? AND o.post_id = ?""",
                (chat_id, post_id),
            )
            return cursor.rowcount > 0

    async def remove(self, chat_id: int, post_id: int) -> bool:
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "DELETE FROM reminders WHERE chat_id = ? AND post_id = ?", (chat_id, post_id)
            )
            return cursor.rowcount > 0

    async def has(self, chat_id: int, post_id: int) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM reminders WHERE chat_id = ? AND post_id = ?", (chat_id, post_id)
        )
        return row is not None

    async def due_posts(self, today: date, days_before: int) -> list[int]:
        """Open opportunities with unsent reminders whose deadline is within ``days_before``
        days (and not past)."""
        rows = await self.db.fetchall(
            """SELECT DISTINCT r.post_id FROM reminders r
               JOIN opportunities o ON o.post_id = r.post_id
               WHERE r.reminded_at IS NULL AND o.is_open = 1 AND o.deadline IS NOT NULL
                 AND o.deadline >= ? AND o.deadline <= ?
               ORDER BY r.post_id""",
            (today.isoformat(), (today + timedelta(days=days_before)).isoformat()),
        )
        return [int(row[0]) for row in rows]

    async def enqueue(
        self, post_id: int, texts: Mapping[str, Outgoing], default_language: str
    ) -> int:
        """Queue the reminder of one opportunity in each chat's language and mark every
        pending reminder of it as done, atomically; rows queued."""
        queued = 0
        async with self.db.transaction() as connection:
            for language, text in texts.items():
                message_id = await insert_message(
                    connection,
                    kind="reminder",
                    text=text,
                    parse_mode="HTML",
                    language=language,
                    dedupe_key=f"reminder:{post_id}:{language}",
                    post_id=post_id,
                )
                cursor = await connection.execute(
                    "INSERT OR IGNORE INTO outbox (message_id, chat_id, not_before) "  # noqa: S608
                    "SELECT ?, s.chat_id, ? FROM reminders r "
                    "JOIN subscribers s ON s.chat_id = r.chat_id "
                    "WHERE r.post_id = ? AND r.reminded_at IS NULL AND s.active = 1 "
                    f"AND {EFFECTIVE_LANGUAGE} = ?",
                    (message_id, time.time(), post_id, default_language, language),
                )
                queued += max(cursor.rowcount, 0)
            await connection.execute(
                f"UPDATE reminders SET reminded_at = {_NOW} "  # noqa: S608
                "WHERE post_id = ? AND reminded_at IS NULL",
                (post_id,),
            )
        return queued


class DigestStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def groups(self, frequencies: Sequence[str], default_language: str) -> list[DigestGroup]:
        """Collected items of reachable chats with one of ``frequencies``, grouped so that
        each distinct digest is rendered once."""
        marks = ",".join("?" * len(frequencies))
        rows = await self.db.fetchall(
            f"""SELECT s.chat_id, {EFFECTIVE_LANGUAGE} AS lang,
                       group_concat(d.post_id, ',') AS posts
                FROM digest_items d JOIN subscribers s ON s.chat_id = d.chat_id
                WHERE s.subscribed = 1 AND s.active = 1 AND s.frequency IN ({marks})
                GROUP BY s.chat_id ORDER BY s.chat_id""",  # noqa: S608
            (default_language, *frequencies),
        )
        grouped: dict[tuple[str, tuple[int, ...]], list[int]] = {}
        for row in rows:
            posts = tuple(sorted(int(p) for p in str(row["posts"]).split(",")))
            grouped.setdefault((str(row["lang"]), posts), []).append(int(row["chat_id"]))
        return [
            DigestGroup(language, posts, tuple(chats))
            for (language, posts), chats in grouped.items()
        ]

    async def enqueue(self, groups: Sequence[tuple[DigestGroup, Outgoing]], period: str) -> int:
        """Queue one rendered digest per group and drop the items it carries, atomically."""
        queued = 0
        now = time.time()
        async with self.db.transaction() as connection:
            for group, text in groups:
                key = f"digest:{period}:{group.language}:{','.join(map(str, group.post_ids))}"
                message_id = await insert_message(
                    connection,
                    kind="digest",
                    text=text,
                    parse_mode="HTML",
                    language=group.language,
                    dedupe_key=key,
                )
                before = connection.total_changes
                # Re-checked here, in the writing transaction: the chats were read before
                # rendering (minutes for thousands of digests) and may have left or used
                # /forget since; they get nothing.
                await connection.executemany(
                    "INSERT OR IGNORE INTO outbox (message_id, chat_id, not_before) "
                    "SELECT ?, s.chat_id, ? FROM subscribers s WHERE s.chat_id = ? "
                    "AND s.subscribed = 1 AND s.active = 1 "
                    "AND EXISTS (SELECT 1 FROM digest_items d WHERE d.chat_id = s.chat_id)",
                    [(message_id, now, chat_id) for chat_id in group.chat_ids],
                )
                queued += connection.total_changes - before
                await connection.executemany(
                    "DELETE FROM digest_items WHERE chat_id = ? AND post_id = ?",
                    [(c, p) for c in group.chat_ids for p in group.post_ids],
                )
        return queued
