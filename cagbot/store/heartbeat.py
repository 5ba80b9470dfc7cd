"""The running bot's heartbeat, and the read-only look at deliveries ``cagbot health`` takes.

The bot overwrites one ``heartbeat`` row every few seconds (:meth:`HeartbeatStore.beat`);
``cagbot health``, a separate process, reads it and the outbox. The outbox belongs to
:mod:`cagbot.store.outbox`; this module only reads it, with its own queries, so that the
health check does not depend on the dispatcher's code.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import aiosqlite

from cagbot.store.database import Database

BOT = "bot"  # the row's name: one bot process per database
#: ``not_before`` from which a row is held by a paused broadcast (store.schedules.HELD is
#: 1e12), not waiting: a paused broadcast is no outage.
HELD_FROM = 1e11
# ISO 8601 text as the outbox stores it -> unix seconds.
_UNIX = "((julianday({column}) - 2440587.5) * 86400.0)"


@dataclass(frozen=True, slots=True)
class Heartbeat:
    pid: int
    host: str
    mode: str  # 'starting' (post_init, before updates flow), 'polling' or 'webhook'
    version: str
    started_at: float  # unix seconds
    beat_at: float
    stopped_at: float | None  # set by a clean shutdown


@dataclass(frozen=True, slots=True)
class Backlog:
    """Deliveries whose time has come but which are still waiting."""

    due: int
    oldest_due_at: float | None  # unix seconds since when the longest-waiting one was due


@dataclass(frozen=True, slots=True)
class Waiting:
    """Deliveries not yet made, due or waiting to retry (held ones of a paused broadcast
    left out): what an outage piles up."""

    count: int
    oldest_since: float | None  # unix seconds: the longest-waiting one's creation or ``since``
    retrying: int  # of which failed at least once, transiently
    retrying_since: float | None  # unix seconds: the oldest first transient failure
    last_error: str | None  # of the row retrying longest


class HeartbeatStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def beat(
        self, *, pid: int, host: str, mode: str, version: str, started_at: float, now: float
    ) -> None:
        async with self.db.transaction() as connection:
            await connection.execute(
                """INSERT INTO heartbeat (name, pid, host, mode, version, started_at, beat_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (name) DO UPDATE SET
                       pid = excluded.pid, host = excluded.host, mode = excluded.mode,
                       version = excluded.version, started_at = excluded.started_at,
                       beat_at = excluded.beat_at, stopped_at = NULL""",
                (BOT, pid, host, mode, version, started_at, now),
            )

    async def stopped(self, *, pid: int, now: float) -> None:
        """A clean shutdown: health then says "stopped" rather than "no heartbeat"."""
        async with self.db.transaction() as connection:
            await connection.execute(
                "UPDATE heartbeat SET stopped_at = ? WHERE name = ? AND pid = ?", (now, BOT, pid)
            )

    async def latest(self) -> Heartbeat | None:
        row = await self.db.fetchone(
            "SELECT pid, host, mode, version, started_at, beat_at, stopped_at "
            "FROM heartbeat WHERE name = ?",
            (BOT,),
        )
        if row is None:
            return None
        stopped = row["stopped_at"]
        return Heartbeat(
            pid=int(row["pid"]),
            host=str(row["host"]),
            mode=str(row["mode"]),
            version=str(row["version"]),
            started_at=float(row["started_at"]),
            beat_at=float(row["beat_at"]),
            stopped_at=float(stopped) if stopped is not None else None,
        )

    # -- read-only views of the outbox ----------------------------------------------------

    async def backlog(self, *, now: float, since: float) -> Backlog:
        """Pending deliveries due by ``now``; a row is counted as due from the latest of its
        creation, its retry time and ``since`` (the bot's start: a backlog left by a stopped
        bot is not the running dispatcher's fault)."""
        created = _UNIX.format(column="created_at")
        row = await self.db.fetchone(
            f"""SELECT count(*) AS due, min(max({created}, not_before, ?)) AS oldest
                FROM outbox WHERE status = 'pending' AND not_before <= ?""",  # noqa: S608
            (since, now),
        )
        if row is None or not row["due"]:
            return Backlog(due=0, oldest_due_at=None)
        return Backlog(due=int(row["due"]), oldest_due_at=float(row["oldest"]))

    async def waiting(self, *, since: float) -> Waiting:
        """Pending deliveries whatever their retry time, counted from the latest of their
        creation and ``since`` (the bot's start), except those a paused broadcast holds."""
        created = _UNIX.format(column="created_at")
        row = await self.db.fetchone(
            f"""SELECT count(*) AS waiting, min(max({created}, ?)) AS oldest,
                       count(retry_since) AS retrying, min(retry_since) AS retrying_since
                FROM outbox WHERE status IN ('pending', 'sending') AND not_before < ?""",  # noqa: S608
            (since, HELD_FROM),
        )
        if row is None or not row["waiting"]:
            return Waiting(0, None, 0, None, None)
        error = await self.db.fetchone(
            "SELECT last_error FROM outbox WHERE status IN ('pending', 'sending') "
            "AND retry_since IS NOT NULL AND not_before < ? ORDER BY retry_since LIMIT 1",
            (HELD_FROM,),
        )
        retrying_since = row["retrying_since"]
        return Waiting(
            count=int(row["waiting"]),
            oldest_since=float(row["oldest"]),
            retrying=int(row["retrying"]),
            retrying_since=float(retrying_since) if retrying_since is not None else None,
            last_error=str(error[0]) if error is not None and error[0] else None,
        )

    async def last_sent_at(self) -> float | None:
        """When Telegram last accepted a delivery (unix seconds)."""
        finished = _UNIX.format(column="finished_at")
        row = await self.db.fetchone(
            f"SELECT max(coalesce(sent_at, {finished})) FROM outbox "  # noqa: S608
            "WHERE status = 'sent'"
        )
        return float(row[0]) if row is not None and row[0] is not None else None

    async def last_delivery_at(self) -> float | None:
        """When the dispatcher last finished a delivery (sent, blocked or failed)."""
        finished = _UNIX.format(column="max(finished_at)")
        row = await self.db.fetchone(
            f"SELECT {finished} FROM outbox WHERE finished_at IS NOT NULL"  # noqa: S608
        )
        return float(row[0]) if row is not None and row[0] is not None else None


async def open_existing(path: Path) -> Database:
    """Open the database for reading without creating it (``mode=rw``) and without
    migrating: a health check must neither make an empty database nor change the schema.
    Raises :class:`sqlite3.OperationalError` when the file does not exist."""
    absolute = await asyncio.to_thread(path.resolve)
    uri = f"file:{quote(str(absolute))}?mode=rw"
    connection = await aiosqlite.connect(uri, uri=True, isolation_level=None)
    connection.row_factory = sqlite3.Row
    await connection.execute("PRAGMA busy_timeout = 5000")
    return Database(connection, path)
