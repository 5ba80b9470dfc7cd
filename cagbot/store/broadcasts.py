"""Broadcast records: a broadcast and its deliveries written at once, its counts and final
outcome, the staff member's progress message, and the list /broadcasts shows."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import aiosqlite

from cagbot.store.audience import EFFECTIVE_LANGUAGE, Audience, Selection
from cagbot.store.database import Database
from cagbot.store.queue import Counts, Outgoing, counts_of, enqueue_selection, insert_message

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True, slots=True)
class BroadcastRecord:
    id: int
    admin_id: int | None
    origin: str
    texts: dict[str, str]
    audience: Audience
    recipients: int
    status: str
    sent: int
    blocked: int
    failed: int
    created_at: str
    finished_at: str | None
    #: The broadcast is a poll (its texts are "question\noption\n...").
    poll: bool = False


class BroadcastSide:
    """The ``broadcasts`` audit rows and the outbox rows each one queued."""

    db: Database

    async def create_broadcast(
        self,
        *,
        admin_id: int | None,
        origin: Literal["bot", "cli"],
        texts: Mapping[str, str],
        per_language: Mapping[str, Outgoing],
        audience: Audience,
        selection: Selection,
        default_language: str,
        within: Callable[[aiosqlite.Connection, int], Awaitable[None]] | None = None,
        poll: bool = False,
    ) -> tuple[int, int]:
        """Record the broadcast and queue it, atomically; (broadcast id, recipients).

        ``texts`` is what staff wrote (kept for the audit); ``per_language`` the rendered
        text each effective language receives. ``within(connection, broadcast_id)`` runs in
        the same transaction (a planned broadcast is marked fired with it, so a crash can
        neither lose nor repeat it).
        """
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "INSERT INTO broadcasts (admin_id, origin, texts, audience, poll)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    admin_id,
                    origin,
                    json.dumps(dict(texts), ensure_ascii=False, sort_keys=True),
                    audience.to_json(),
                    int(poll),
                ),
            )
            broadcast_id = cursor.lastrowid
            assert broadcast_id is not None
            recipients = 0
            for language, text in per_language.items():
                message_id = await insert_message(
                    connection,
                    kind="broadcast",
                    text=text,
                    parse_mode="HTML",
                    language=language,
                    broadcast_id=broadcast_id,
                )
                recipients += await enqueue_selection(
                    connection,
                    message_id,
                    selection,
                    extra_where=f"AND {EFFECTIVE_LANGUAGE} = ?",
                    extra_params=(default_language, language),
                )
            await connection.execute(
                "UPDATE broadcasts SET recipients = ? WHERE id = ?", (recipients, broadcast_id)
            )
            if recipients == 0:
                await connection.execute(
                    f"UPDATE broadcasts SET status = 'done', finished_at = {_NOW} "  # noqa: S608
                    "WHERE id = ?",
                    (broadcast_id,),
                )
            if within is not None:
                await within(connection, broadcast_id)
        return broadcast_id, recipients

    async def broadcast_counts(self, broadcast_id: int) -> Counts:
        rows = await self.db.fetchall(
            """SELECT o.status, count(*) AS n, sum(o.last_error IS NOT NULL) AS r
               FROM outbox o JOIN outbox_messages m ON m.id = o.message_id
               WHERE m.broadcast_id = ? GROUP BY o.status""",
            (broadcast_id,),
        )
        return counts_of(rows)

    async def finish_broadcast(self, broadcast_id: int) -> Counts:
        """Store the final outcome counts in the audit row."""
        counts = await self.broadcast_counts(broadcast_id)
        async with self.db.transaction() as connection:
            await connection.execute(
                f"""UPDATE broadcasts
                       SET status = CASE status WHEN 'cancelled' THEN status ELSE 'done' END,
                       finished_at = coalesce(finished_at, {_NOW}),
                       sent = ?, blocked = ?, failed = ? WHERE id = ?""",  # noqa: S608
                (counts.sent, counts.blocked, counts.failed, broadcast_id),
            )
        return counts

    async def broadcasts_done(self) -> int:
        """How many broadcasts have gone out to the end (the audit's finished rows)."""
        row = await self.db.fetchone("SELECT count(*) FROM broadcasts WHERE status = 'done'")
        return int(row[0]) if row else 0

    async def set_progress(
        self, broadcast_id: int, chat_id: int, message_id: int, language: str
    ) -> None:
        """Remember the staff member's progress message, so a restarted bot edits it on."""
        async with self.db.transaction() as connection:
            await connection.execute(
                "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ?, "
                "progress_language = ? WHERE id = ?",
                (chat_id, message_id, language, broadcast_id),
            )

    async def progress_message(self, broadcast_id: int) -> tuple[int, int, str] | None:
        """(chat id, message id, language) of the broadcast's progress message, if any."""
        row = await self.db.fetchone(
            "SELECT progress_chat_id, progress_message_id, progress_language FROM broadcasts "
            "WHERE id = ? AND progress_message_id IS NOT NULL",
            (broadcast_id,),
        )
        return None if row is None else (int(row[0]), int(row[1]), str(row[2] or "en"))

    async def recipients_of(self, broadcast_id: int) -> int:
        row = await self.db.fetchone(
            "SELECT recipients FROM broadcasts WHERE id = ?", (broadcast_id,)
        )
        return int(row[0]) if row else 0

    async def unfinished_broadcasts(self) -> list[int]:
        rows = await self.db.fetchall("SELECT id FROM broadcasts WHERE status = 'running'")
        return [int(row[0]) for row in rows]

    async def broadcasts(self, *, limit: int = 20) -> list[BroadcastRecord]:
        rows = await self.db.fetchall("SELECT * FROM broadcasts ORDER BY id DESC LIMIT ?", (limit,))
        return [
            BroadcastRecord(
                id=int(row["id"]),
                admin_id=row["admin_id"],
                origin=row["origin"],
                texts=json.loads(row["texts"]),
                audience=Audience.from_json(row["audience"]),
                recipients=int(row["recipients"]),
                status=row["status"],
                sent=int(row["sent"]),
                blocked=int(row["blocked"]),
                failed=int(row["failed"]),
                created_at=row["created_at"],
                finished_at=row["finished_at"],
                poll=bool(row["poll"]),
            )
            for row in rows
        ]
