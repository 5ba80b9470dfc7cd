"""SQL for quiet hours: each chat's choice, what the dispatcher needs to judge a claimed
row (its kind, the broadcast's flags, the chat's zone and night), and rows held for the
night.

A row held for the night is 'pending' with ``not_before`` at :data:`QUIET`, above the
paused broadcasts' marker, so neither a claim nor ``next_due`` sees it (a ``cagbot
broadcast`` run does not wait for the morning); ``quiet_until`` says when it is due, and
:meth:`QuietHoursStore.release` makes it due again then (the dispatcher calls it, with its
clock, which tests control).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import aiosqlite

from cagbot.quiet_hours import MODES, Mode, QuietHours
from cagbot.store.database import Database

#: ``not_before`` of a row held for the night (beyond the paused broadcasts' HELD, 1e12).
QUIET = 2e12
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True, slots=True)
class SendTerms:
    """What decides how one claimed row goes out."""

    kind: str
    urgent: bool
    protect: bool
    #: The zone the chat chose (None: its language's default) and that language.
    time_zone: str | None
    language: str | None
    #: None: no settings kept for the chat (a chat that never wrote to the bot).
    quiet: QuietHours | None


def _quiet(mode: object, start: object, end: object) -> QuietHours | None:
    for known in MODES:  # a Mode, typed, rather than the column's str
        if mode == known:
            return QuietHours(known, int(str(start)), int(str(end)))
    return None


class QuietHoursStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, chat_id: int) -> QuietHours | None:
        """The chat's quiet hours (None: no such chat)."""
        row = await self.db.fetchone(
            "SELECT quiet_mode, quiet_start, quiet_end FROM subscribers WHERE chat_id = ?",
            (chat_id,),
        )
        return None if row is None else _quiet(row[0], row[1], row[2])

    async def set_mode(self, chat_id: int, mode: Mode) -> QuietHours | None:
        if mode not in MODES:
            raise ValueError(mode)
        return await self._update(chat_id, "quiet_mode", mode)

    async def set_start(self, chat_id: int, hour: int) -> QuietHours | None:
        return await self._update(chat_id, "quiet_start", _hour(hour))

    async def set_end(self, chat_id: int, hour: int) -> QuietHours | None:
        return await self._update(chat_id, "quiet_end", _hour(hour))

    async def _update(self, chat_id: int, column: str, value: object) -> QuietHours | None:
        async with self.db.transaction() as connection:
            await connection.execute(
                f"UPDATE subscribers SET {column} = ?, updated_at = {_NOW} "  # noqa: S608 - fixed columns
                "WHERE chat_id = ?",
                (value, chat_id),
            )
        return await self.get(chat_id)

    # -- the dispatcher's side ------------------------------------------------------------

    async def terms(self, delivery_ids: Collection[int]) -> dict[int, SendTerms]:
        """How each of these outbox rows is to be judged, by row id."""
        if not delivery_ids:
            return {}
        marks = ",".join("?" * len(delivery_ids))
        rows = await self.db.fetchall(
            f"""SELECT o.id, m.kind, coalesce(b.urgent, 0), coalesce(b.protect_content, 0),
                       s.time_zone, coalesce(s.language, s.telegram_language, m.language),
                       s.quiet_mode, s.quiet_start, s.quiet_end
                FROM outbox o JOIN outbox_messages m ON m.id = o.message_id
                LEFT JOIN broadcasts b ON b.id = m.broadcast_id
                LEFT JOIN subscribers s ON s.chat_id = o.chat_id
                WHERE o.id IN ({marks})""",  # noqa: S608 - placeholders only
            tuple(delivery_ids),
        )
        return {
            int(row[0]): SendTerms(
                kind=str(row[1]),
                urgent=bool(row[2]),
                protect=bool(row[3]),
                time_zone=row[4],
                language=row[5],
                quiet=_quiet(row[6], row[7], row[8]),
            )
            for row in rows
        }

    async def hold(self, rows: Sequence[tuple[int, float]], owner: str | None) -> None:
        """Hand these claimed rows back, held for the night: ``(row id, due again at)``.
        Only while the row is still ``owner``'s (as every outcome, see OutboxStore.record)."""
        if not rows:
            return
        async with self.db.transaction() as connection:
            await connection.executemany(
                "UPDATE outbox SET status = 'pending', owner = NULL, lease_until = NULL,"
                " not_before = ?, quiet_until = ?"
                " WHERE id = ? AND owner IS ? AND status = 'sending'",
                [(QUIET, until, row_id, owner) for row_id, until in rows],
            )

    async def release(self, now: float) -> int:
        """Rows whose night has ended (by ``now``) are due again; how many."""
        async with self.db.transaction() as connection:
            return await _release(connection, now)

    async def held(self, broadcast_id: int | None = None) -> int:
        """Rows waiting for their night to end (of one broadcast, or all)."""
        if broadcast_id is None:
            row = await self.db.fetchone(
                "SELECT count(*) FROM outbox WHERE status = 'pending' AND not_before = ?",
                (QUIET,),
            )
        else:
            row = await self.db.fetchone(
                """SELECT count(*) FROM outbox o JOIN outbox_messages m ON m.id = o.message_id
                   WHERE m.broadcast_id = ? AND o.status = 'pending' AND o.not_before = ?""",
                (broadcast_id, QUIET),
            )
        return int(row[0]) if row else 0

    # -- broadcasts -----------------------------------------------------------------------

    async def flags(self, broadcast_id: int) -> tuple[bool, bool]:
        """(urgent, protect_content) of a broadcast."""
        row = await self.db.fetchone(
            "SELECT urgent, protect_content FROM broadcasts WHERE id = ?", (broadcast_id,)
        )
        return (False, False) if row is None else (bool(row[0]), bool(row[1]))

    async def set_planned_flags(self, planned_id: int, *, urgent: bool, protect: bool) -> None:
        """Keep a planned broadcast's flags until it fires."""
        async with self.db.transaction() as connection:
            await connection.execute(
                "UPDATE planned_broadcasts SET urgent = ?, protect_content = ? WHERE id = ?",
                (int(urgent), int(protect), planned_id),
            )

    async def planned_flags(self, planned_id: int) -> tuple[bool, bool]:
        """(urgent, protect_content) of a planned broadcast."""
        row = await self.db.fetchone(
            "SELECT urgent, protect_content FROM planned_broadcasts WHERE id = ?", (planned_id,)
        )
        return (False, False) if row is None else (bool(row[0]), bool(row[1]))


async def mark_broadcast(
    connection: aiosqlite.Connection, broadcast_id: int, *, urgent: bool, protect: bool
) -> None:
    """Store a broadcast's flags in the transaction that creates it (``within``)."""
    await connection.execute(
        "UPDATE broadcasts SET urgent = ?, protect_content = ? WHERE id = ?",
        (int(urgent), int(protect), broadcast_id),
    )


async def _release(connection: aiosqlite.Connection, now: float) -> int:
    # not_before 0: due at once, whatever the wall clock says (the night ended by `now`).
    # Only rows still at QUIET: a paused broadcast's row (moved to HELD) stays held.
    cursor = await connection.execute(
        "UPDATE outbox SET not_before = 0, quiet_until = NULL"
        " WHERE status = 'pending' AND quiet_until <= ? AND not_before = ?",
        (now, QUIET),
    )
    return max(cursor.rowcount, 0)


def _hour(hour: int) -> int:
    if not 0 <= hour <= 23:
        raise ValueError(hour)
    return hour
