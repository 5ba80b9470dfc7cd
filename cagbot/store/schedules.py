"""SQL for broadcasts not sent yet (scheduled for a local time, or an editor's draft awaiting
approval) and for pausing, resuming and cancelling a broadcast in progress.

A paused broadcast's pending outbox rows are *held*: their ``not_before`` moves to
:data:`HELD`, so no claim takes them, and resuming puts them back to "due now". Cancelling
withdraws the pending rows (the count stays in ``broadcast_controls``) and marks the
broadcast cancelled. Everything is in the database, so it all survives a restart.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import aiosqlite

from cagbot.store.audience import Audience
from cagbot.store.database import Database

PlannedStatus = Literal["awaiting_approval", "scheduled", "fired", "cancelled", "rejected"]
RunState = Literal["running", "paused", "cancelled", "done"]
#: ``not_before`` of a held row: far beyond any real due time (year 33658).
HELD = 1e12
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
_OF_BROADCAST = "message_id IN (SELECT id FROM outbox_messages WHERE broadcast_id = ?)"


class AlreadyDecided(Exception):
    """The planned broadcast was fired, cancelled or rejected meanwhile."""


@dataclass(frozen=True, slots=True)
class Planned:
    id: int
    drafted_by: int
    approved_by: int | None
    texts: dict[str, str]
    photo: str | None
    audience: Audience
    fire_at: float | None
    timezone: str | None
    status: PlannedStatus
    broadcast_id: int | None
    #: A poll: each text is "question\noption\noption...".
    poll: bool = False


def _planned(row: aiosqlite.Row) -> Planned:
    return Planned(
        id=int(row["id"]),
        drafted_by=int(row["drafted_by"]),
        approved_by=row["approved_by"],
        texts=json.loads(row["texts"]),
        photo=row["photo"],
        audience=Audience.from_json(row["audience"]),
        fire_at=row["fire_at"],
        timezone=row["timezone"],
        status=row["status"],
        broadcast_id=row["broadcast_id"],
        poll=bool(row["poll"]),
    )


class ScheduleStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- planned broadcasts ---------------------------------------------------------------

    async def plan(
        self,
        *,
        drafted_by: int,
        texts: Mapping[str, str],
        photo: str | None,
        audience: Audience,
        fire_at: float | None,
        timezone: str | None,
        approved_by: int | None,
        poll: bool = False,
    ) -> int:
        """Store a broadcast to send later: scheduled when approved, else awaiting approval."""
        status: PlannedStatus = "scheduled" if approved_by is not None else "awaiting_approval"
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                """INSERT INTO planned_broadcasts
                   (drafted_by, approved_by, texts, photo, audience, fire_at, timezone, status,
                    poll)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    drafted_by,
                    approved_by,
                    json.dumps(dict(texts), ensure_ascii=False, sort_keys=True),
                    photo,
                    audience.to_json(),
                    fire_at,
                    timezone,
                    status,
                    int(poll),
                ),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    async def get(self, planned_id: int) -> Planned | None:
        row = await self.db.fetchone("SELECT * FROM planned_broadcasts WHERE id = ?", (planned_id,))
        return _planned(row) if row is not None else None

    async def open(self) -> list[Planned]:
        """Scheduled and awaiting approval, soonest first."""
        rows = await self.db.fetchall(
            """SELECT * FROM planned_broadcasts
               WHERE status IN ('scheduled', 'awaiting_approval')
               ORDER BY fire_at IS NULL, fire_at, id"""
        )
        return [_planned(row) for row in rows]

    async def due(self, now: float) -> list[Planned]:
        rows = await self.db.fetchall(
            """SELECT * FROM planned_broadcasts WHERE status = 'scheduled' AND fire_at <= ?
               ORDER BY fire_at, id""",
            (now,),
        )
        return [_planned(row) for row in rows]

    async def approve(self, planned_id: int, admin_id: int) -> Planned:
        """An editor's draft approved: it is scheduled (fired at once by the caller when it
        has no time). Raises :class:`AlreadyDecided` if someone decided first."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                """UPDATE planned_broadcasts SET status = 'scheduled', approved_by = ?
                   WHERE id = ? AND status = 'awaiting_approval'""",
                (admin_id, planned_id),
            )
            if cursor.rowcount != 1:
                raise AlreadyDecided(planned_id)
        planned = await self.get(planned_id)
        assert planned is not None
        return planned

    async def decide(
        self, planned_id: int, admin_id: int, status: Literal["cancelled", "rejected"]
    ) -> bool:
        """Cancel a scheduled send or reject a draft; False if it was no longer open."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                f"""UPDATE planned_broadcasts SET status = ?, decided_by = ?, decided_at = {_NOW}
                    WHERE id = ? AND status IN ('scheduled', 'awaiting_approval')""",  # noqa: S608
                (status, admin_id, planned_id),
            )
            return cursor.rowcount == 1

    @staticmethod
    async def mark_fired(
        connection: aiosqlite.Connection, planned_id: int, broadcast_id: int
    ) -> None:
        """Inside the transaction that creates the broadcast (see ``create_broadcast``)."""
        cursor = await connection.execute(
            f"""UPDATE planned_broadcasts SET status = 'fired', broadcast_id = ?,
                   decided_at = {_NOW}
                WHERE id = ? AND status = 'scheduled'""",  # noqa: S608
            (broadcast_id, planned_id),
        )
        if cursor.rowcount != 1:
            raise AlreadyDecided(planned_id)  # rolls the new broadcast back

    # -- a broadcast in progress ------------------------------------------------------------

    async def state(self, broadcast_id: int) -> RunState | None:
        row = await self.db.fetchone(
            """SELECT b.status, (SELECT action FROM broadcast_controls c
                                 WHERE c.broadcast_id = b.id ORDER BY c.id DESC LIMIT 1)
               FROM broadcasts b WHERE b.id = ?""",
            (broadcast_id,),
        )
        if row is None:
            return None
        if row[0] != "running":
            return "cancelled" if row[0] == "cancelled" else "done"
        return "paused" if row[1] == "pause" else "running"

    async def pause(self, broadcast_id: int, admin_id: int) -> int | None:
        """Hold the pending rows; how many (None: not running, or already paused)."""
        if await self.state(broadcast_id) != "running":
            return None
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                f"UPDATE outbox SET not_before = ? WHERE status = 'pending' AND {_OF_BROADCAST}",  # noqa: S608
                (HELD, broadcast_id),
            )
            held = max(cursor.rowcount, 0)
            await self._control(connection, broadcast_id, "pause", admin_id, held)
        return held

    async def claimed_rows(self, broadcast_id: int) -> list[int]:
        """Outbox ids of the broadcast's rows a dispatcher has claimed ('sending'): pausing
        holds them too, unless their request is already on the wire."""
        rows = await self.db.fetchall(
            f"SELECT id FROM outbox WHERE status = 'sending' AND {_OF_BROADCAST}",  # noqa: S608
            (broadcast_id,),
        )
        return [int(row[0]) for row in rows]

    async def resume(self, broadcast_id: int, admin_id: int) -> int | None:
        """Release the held rows; how many (None: not paused)."""
        if await self.state(broadcast_id) != "paused":
            return None
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE outbox SET not_before = ? "  # noqa: S608
                f"WHERE status = 'pending' AND not_before >= ? AND {_OF_BROADCAST}",
                (time.time(), HELD, broadcast_id),
            )
            released = max(cursor.rowcount, 0)
            await self._control(connection, broadcast_id, "resume", admin_id, released)
        return released

    async def cancel(self, broadcast_id: int, admin_id: int) -> int | None:
        """Withdraw the pending rows and mark the broadcast cancelled; how many were
        withdrawn (None: it had already ended). Rows on the wire finish normally."""
        if await self.state(broadcast_id) not in ("running", "paused"):
            return None
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                f"DELETE FROM outbox WHERE status = 'pending' AND {_OF_BROADCAST}",  # noqa: S608
                (broadcast_id,),
            )
            withdrawn = max(cursor.rowcount, 0)
            await connection.execute(
                "UPDATE broadcasts SET status = 'cancelled' WHERE id = ?", (broadcast_id,)
            )
            await self._control(connection, broadcast_id, "cancel", admin_id, withdrawn)
        return withdrawn

    async def withdrawn(self, broadcast_id: int) -> int:
        """Rows a cancellation took out of the queue (0 if never cancelled)."""
        row = await self.db.fetchone(
            "SELECT coalesce(sum(rows), 0) FROM broadcast_controls "
            "WHERE broadcast_id = ? AND action = 'cancel'",
            (broadcast_id,),
        )
        return int(row[0]) if row else 0

    async def paused_broadcasts(self) -> list[int]:
        rows = await self.db.fetchall(
            """SELECT b.id FROM broadcasts b WHERE b.status = 'running' AND
               (SELECT action FROM broadcast_controls c WHERE c.broadcast_id = b.id
                ORDER BY c.id DESC LIMIT 1) = 'pause' ORDER BY b.id"""
        )
        return [int(row[0]) for row in rows]

    @staticmethod
    async def _control(
        connection: aiosqlite.Connection, broadcast_id: int, action: str, admin_id: int, rows: int
    ) -> None:
        await connection.execute(
            "INSERT INTO broadcast_controls (broadcast_id, action, admin_id, rows) "
            "VALUES (?, ?, ?, ?)",
            (broadcast_id, action, admin_id, rows),
        )
