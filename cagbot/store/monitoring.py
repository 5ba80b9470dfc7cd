"""Read-only figures for ``/metrics`` (see :mod:`cagbot.metrics`): what the outbox holds,
how old its longest wait is, each feed's last good poll, broadcasts in progress, the last
backup. Computed when Prometheus scrapes, from the database every process shares, so the
figures are right whichever process (bot or ``cagbot broadcast``) did the work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cagbot.store.database import Database
from cagbot.store.heartbeat import HELD_FROM

_UNIX = "((julianday({column}) - 2440587.5) * 86400.0)"


@dataclass(frozen=True, slots=True)
class FeedFigures:
    url: str
    last_success_at: float | None  # unix seconds
    last_polled_at: float | None
    failures: int  # consecutive


@dataclass(frozen=True, slots=True)
class BroadcastFigures:
    id: int
    recipients: int
    by_status: dict[str, int]  # outbox rows of the broadcast by state


@dataclass(frozen=True, slots=True)
class Snapshot:
    #: Outbox rows by state: pending (due or not), retrying (failed transiently at least
    #: once, waiting), held (a paused broadcast), sending, sent, blocked, failed.
    outbox: dict[str, int]
    oldest_waiting_at: float | None  # unix seconds: creation of the oldest waiting row
    last_sent_at: float | None
    feeds: list[FeedFigures] = field(default_factory=list)
    broadcasts: list[BroadcastFigures] = field(default_factory=list)
    last_backup_at: float | None = None


class MonitoringStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def snapshot(self) -> Snapshot:
        created = _UNIX.format(column="created_at")
        rows = await self.db.fetchall(
            """SELECT CASE WHEN status = 'pending' AND not_before >= ? THEN 'held'
                           WHEN status = 'pending' AND retry_since IS NOT NULL THEN 'retrying'
                           ELSE status END AS state, count(*) AS n
               FROM outbox GROUP BY state""",
            # Positional: Database.fetchall passes tuple(params), and a tuple of a dict is
            # its keys (the text 'held', which no number reaches: nothing was ever held).
            (HELD_FROM,),
        )
        states = ("pending", "retrying", "held", "sending", "sent", "blocked", "failed")
        outbox = dict.fromkeys(states, 0)
        outbox.update({str(row["state"]): int(row["n"]) for row in rows})
        oldest = await self.db.fetchone(
            f"SELECT min({created}) FROM outbox WHERE status IN ('pending', 'sending') "  # noqa: S608
            "AND not_before < ?",
            (HELD_FROM,),
        )
        finished = _UNIX.format(column="finished_at")
        sent = await self.db.fetchone(
            f"SELECT max(coalesce(sent_at, {finished})) FROM outbox WHERE status = 'sent'"  # noqa: S608
        )
        return Snapshot(
            outbox=outbox,
            oldest_waiting_at=_float(oldest),
            last_sent_at=_float(sent),
            feeds=await self._feeds(),
            broadcasts=await self._broadcasts(),
            last_backup_at=await self._last_backup(),
        )

    async def _feeds(self) -> list[FeedFigures]:
        success, polled = (
            _UNIX.format(column="last_success_at"),
            _UNIX.format(column="last_polled_at"),
        )
        rows = await self.db.fetchall(
            f"SELECT url, {success} AS ok, {polled} AS polled, failures "  # noqa: S608
            "FROM feed_state ORDER BY url"
        )
        return [
            FeedFigures(
                url=str(row["url"]),
                last_success_at=float(row["ok"]) if row["ok"] is not None else None,
                last_polled_at=float(row["polled"]) if row["polled"] is not None else None,
                failures=int(row["failures"]),
            )
            for row in rows
        ]

    async def _broadcasts(self) -> list[BroadcastFigures]:
        rows = await self.db.fetchall(
            """SELECT b.id, b.recipients, o.status, count(o.id) AS n
               FROM broadcasts b
               LEFT JOIN outbox_messages m ON m.broadcast_id = b.id
               LEFT JOIN outbox o ON o.message_id = m.id
               WHERE b.status = 'running'
               GROUP BY b.id, o.status ORDER BY b.id"""
        )
        found: dict[int, BroadcastFigures] = {}
        for row in rows:
            figures = found.setdefault(
                int(row["id"]), BroadcastFigures(int(row["id"]), int(row["recipients"]), {})
            )
            if row["status"] is not None:
                figures.by_status[str(row["status"])] = int(row["n"])
        return list(found.values())

    async def _last_backup(self) -> float | None:
        if not await self.db.fetchone(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'backups'"
        ):
            return None
        return _float(await self.db.fetchone("SELECT max(taken_at) FROM backups"))

    async def record_backup(self, path: str, size: int, taken_at: float) -> None:
        """Note a backup just made (nothing on an older schema without the table)."""
        if not await self.db.fetchone(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'backups'"
        ):
            return
        async with self.db.transaction() as connection:
            await connection.execute(
                "INSERT INTO backups (path, bytes, taken_at) VALUES (?, ?, ?)",
                (path, size, taken_at),
            )


def _float(row: object) -> float | None:
    if row is None:
        return None
    value = row[0]  # type: ignore[index]
    return float(value) if value is not None else None
