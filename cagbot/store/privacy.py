"""SQL for a person's own data: everything stored under their chat id, and erasing it.

A private chat's id is the person's Telegram user id, so "about a person" means every row
keyed by that chat id (migrations 0001 and 0002): their ``subscribers`` row, its
``subscriber_topics``, the call filters ``subscriber_call_kinds`` and
``subscriber_call_places``, ``reminders``, ``digest_items``, ``saved_searches`` (0018),
``outbox`` deliveries to the chat, and Ask CAG's threads (migration 0017: their ``chat_id``;
the question texts are never stored). Broadcasts a staff member started carry their user id
as ``admin_id``; they are the organisation's audit trail, shown to their author but not
erased with the person's data.

The subscriber row is exported column by column as stored, so a column added by a later
migration shows up in ``/mydata`` without anybody remembering to add it here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from cagbot.store.database import Database

log = logging.getLogger(__name__)
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True, slots=True)
class ReminderRecord:
    post_id: int
    title: str
    created_at: str
    reminded_at: str | None


@dataclass(frozen=True, slots=True)
class AuthoredBroadcast:
    broadcast_id: int
    created_at: str
    recipients: int
    status: str


@dataclass(frozen=True, slots=True)
class PersonalData:
    """Everything stored under one chat id (and the broadcasts that id started)."""

    chat_id: int
    subscriber: dict[str, Any] | None  # the row, column -> value, as stored
    topics: tuple[str, ...]
    reminders: tuple[ReminderRecord, ...]
    digest_items: int
    deliveries: dict[str, int]  # outbox status -> rows
    broadcasts: tuple[AuthoredBroadcast, ...]
    call_kinds: tuple[str, ...] = ()  # the kinds of call chosen (none: every kind)
    call_places: tuple[str, ...] = ()  # the places chosen (none: every place)
    questions: int = 0  # Ask CAG questions still linked to the person (no texts are kept)
    #: Saved searches as typed, with whether each is paused (migration 0018).
    saved_searches: tuple[tuple[str, bool], ...] = ()

    @property
    def empty(self) -> bool:
        return (
            self.subscriber is None
            and not self.topics
            and not self.call_kinds
            and not self.call_places
            and not self.reminders
            and not self.digest_items
            and not self.deliveries
            and not self.broadcasts
            and not self.questions
            and not self.saved_searches
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (for the CLI or a machine-readable export)."""
        return {
            "chat_id": self.chat_id,
            "subscriber": self.subscriber,
            "topics": list(self.topics),
            "call_kinds": list(self.call_kinds),
            "call_places": list(self.call_places),
            "reminders": [
                {
                    "post_id": r.post_id,
                    "title": r.title,
                    "created_at": r.created_at,
                    "reminded_at": r.reminded_at,
                }
                for r in self.reminders
            ],
            "digest_items": self.digest_items,
            "deliveries": dict(self.deliveries),
            "broadcasts": [
                {
                    "id": b.broadcast_id,
                    "created_at": b.created_at,
                    "recipients": b.recipients,
                    "status": b.status,
                }
                for b in self.broadcasts
            ],
            "questions": self.questions,
            "saved_searches": [
                {"query": query, "paused": paused} for query, paused in self.saved_searches
            ],
        }


@dataclass(frozen=True, slots=True)
class Erased:
    """Rows removed by :meth:`PrivacyStore.erase`."""

    subscriber: int
    topics: int
    reminders: int
    digest_items: int
    deliveries: int
    call_filters: int = 0  # kinds and places of call chosen
    question_threads: int = 0  # unlinked from the person, kept without them for /stats
    saved_searches: int = 0

    @property
    def total(self) -> int:
        return (
            self.subscriber
            + self.topics
            + self.reminders
            + self.digest_items
            + self.deliveries
            + self.call_filters
            + self.question_threads
            + self.saved_searches
        )


class PrivacyStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def export(self, chat_id: int) -> PersonalData:
        row = await self.db.fetchone("SELECT * FROM subscribers WHERE chat_id = ?", (chat_id,))
        topics = await self.db.fetchall(
            "SELECT topic FROM subscriber_topics WHERE chat_id = ? ORDER BY topic", (chat_id,)
        )
        kinds = await self.db.fetchall(
            "SELECT kind FROM subscriber_call_kinds WHERE chat_id = ? ORDER BY kind", (chat_id,)
        )
        places = await self.db.fetchall(
            "SELECT place FROM subscriber_call_places WHERE chat_id = ? ORDER BY place",
            (chat_id,),
        )
        reminders = await self.db.fetchall(
            """SELECT r.post_id, coalesce(p.title, '') AS title, r.created_at, r.reminded_at
               FROM reminders r LEFT JOIN posts p ON p.id = r.post_id
               WHERE r.chat_id = ? ORDER BY r.created_at, r.post_id""",
            (chat_id,),
        )
        digest = await self.db.fetchone(
            "SELECT count(*) FROM digest_items WHERE chat_id = ?", (chat_id,)
        )
        deliveries = await self.db.fetchall(
            """SELECT status, count(*) AS n FROM outbox WHERE chat_id = ?
               GROUP BY status ORDER BY status""",
            (chat_id,),
        )
        broadcasts = await self.db.fetchall(
            """SELECT id, created_at, recipients, status FROM broadcasts
               WHERE admin_id = ? ORDER BY id""",
            (chat_id,),
        )
        questions = await self.db.fetchone(
            """SELECT count(*) FROM questions q JOIN question_threads t ON t.id = q.thread_id
               WHERE t.chat_id = ?""",
            (chat_id,),
        )
        saved = await self.db.fetchall(
            "SELECT query, paused FROM saved_searches WHERE chat_id = ? ORDER BY id", (chat_id,)
        )
        return PersonalData(
            chat_id=chat_id,
            subscriber={key: row[key] for key in row.keys()} if row else None,  # noqa: SIM118 - sqlite3.Row
            topics=tuple(str(r["topic"]) for r in topics),
            reminders=tuple(
                ReminderRecord(
                    int(r["post_id"]), str(r["title"]), str(r["created_at"]), r["reminded_at"]
                )
                for r in reminders
            ),
            digest_items=int(digest[0]) if digest else 0,
            deliveries={str(r["status"]): int(r["n"]) for r in deliveries},
            broadcasts=tuple(
                AuthoredBroadcast(
                    int(r["id"]), str(r["created_at"]), int(r["recipients"]), str(r["status"])
                )
                for r in broadcasts
            ),
            call_kinds=tuple(str(r["kind"]) for r in kinds),
            call_places=tuple(str(r["place"]) for r in places),
            questions=int(questions[0]) if questions else 0,
            saved_searches=tuple((str(r["query"]), bool(r["paused"])) for r in saved),
        )

    async def erase(self, chat_id: int) -> Erased:
        """Remove everything stored under ``chat_id`` in one transaction; nothing is left
        half-erased, and no delivery to the chat remains queued."""
        counts: dict[str, int] = {"call_filters": 0}
        async with self.db.transaction() as connection:
            for table in ("subscriber_call_kinds", "subscriber_call_places"):
                cursor = await connection.execute(
                    f"DELETE FROM {table} WHERE chat_id = ?",  # noqa: S608 - fixed names
                    (chat_id,),
                )
                counts["call_filters"] += max(cursor.rowcount, 0)
            # Children first, so each count is exact (the cascades would hide them).
            for name, sql in (
                ("topics", "DELETE FROM subscriber_topics WHERE chat_id = ?"),
                ("reminders", "DELETE FROM reminders WHERE chat_id = ?"),
                ("digest_items", "DELETE FROM digest_items WHERE chat_id = ?"),
                # Their hits go with them (ON DELETE CASCADE).
                ("saved_searches", "DELETE FROM saved_searches WHERE chat_id = ?"),
                ("deliveries", "DELETE FROM outbox WHERE chat_id = ?"),
                ("subscriber", "DELETE FROM subscribers WHERE chat_id = ?"),
                # Ask CAG: the thread stays (times for /stats) but names nobody; closed, so
                # staff replies to it go nowhere and staff are told.
                (
                    "question_threads",
                    f"""UPDATE question_threads SET chat_id = NULL,
                           closed_at = coalesce(closed_at, {_NOW}) WHERE chat_id = ?""",  # noqa: S608
                ),
            ):
                cursor = await connection.execute(sql, (chat_id,))
                counts[name] = max(cursor.rowcount, 0)
        await self.checkpoint()
        return Erased(**counts)

    async def checkpoint(self) -> bool:
        """Fold the write-ahead log into the database file and truncate it to zero bytes.

        In WAL mode the erased rows' old pages (and the overwritten ones, secure_delete
        notwithstanding) sit in ``-wal`` until a checkpoint; TRUNCATE empties that file so
        the chat id does not linger there. Returns False when another process's open read
        kept the checkpoint from finishing; the next automatic checkpoint then completes it.
        """
        row = await self.db.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = bool(row[0]) if row is not None else False
        if busy:
            log.warning("/forget: WAL checkpoint blocked by a reader; it completes later")
        return not busy
