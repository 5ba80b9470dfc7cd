"""The SQLite connection: WAL, foreign keys, explicit transactions, numbered migrations.

One aiosqlite connection serves the whole process. Because coroutines share it, every
multi-statement write runs inside :meth:`Database.transaction`, which serialises writers
with an asyncio lock and rolls back on any error, so no half-written record survives.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

#: Seconds a transaction waits, beyond SQLite's busy timeout, for another process's write
#: lock before it gives up (imports commit in short batches, so this is rarely reached).
LOCK_PATIENCE = 60.0

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every migration shipped in the package, in order."""
    found = []
    for entry in resources.files("cagbot.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _, _ in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {numbers}")
    return found


class Database:
    def __init__(self, connection: aiosqlite.Connection, path: Path | str) -> None:
        self.connection = connection
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions; we issue BEGIN ourselves.
        connection = await aiosqlite.connect(str(path), isolation_level=None)
        connection.row_factory = sqlite3.Row
        await connection.execute("PRAGMA journal_mode = WAL")
        await connection.execute("PRAGMA foreign_keys = ON")
        await connection.execute("PRAGMA synchronous = NORMAL")
        await connection.execute("PRAGMA busy_timeout = 5000")
        # Erased rows (/forget) are overwritten on disk, not left in free pages.
        await connection.execute("PRAGMA secure_delete = ON")
        return cls(connection, path)

    async def close(self) -> None:
        await self.connection.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error or cancellation.

        aiosqlite runs statements in order on its own thread, and a statement whose awaiting
        task is cancelled still runs there. So a cancellation can land after BEGIN took
        effect; the ROLLBACK queued behind it then always ends that transaction, and COMMIT
        and ROLLBACK are shielded so that a second cancellation cannot skip them.
        """
        async with self._write_lock:
            await self._begin()
            try:
                yield self.connection
            except BaseException:
                await self._end_quietly()
                raise
            else:
                await asyncio.shield(self.connection.execute("COMMIT"))

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting while another process (an import, a ``cagbot
        broadcast``) holds the write lock: SQLite's busy timeout first, then bounded
        retries with jittered back-off, so a person never sees an error because an import
        is running. Only BEGIN is retried: nothing of the transaction has run yet."""
        deadline = time.monotonic() + LOCK_PATIENCE
        delay = 0.05
        while True:
            try:
                await self.connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                await self._end_quietly()
                if not _is_busy(error) or time.monotonic() + delay > deadline:
                    raise
                log.warning("database busy (another process is writing); waiting")
                await asyncio.sleep(delay * random.uniform(0.5, 1.5))  # noqa: S311 - jitter
                delay = min(delay * 2, 1.0)
            except BaseException:
                await self._end_quietly()
                raise

    async def _end_quietly(self) -> None:
        # OperationalError: no transaction was active, because BEGIN itself had failed.
        with contextlib.suppress(sqlite3.OperationalError):
            await asyncio.shield(self.connection.execute("ROLLBACK"))

    @asynccontextmanager
    async def savepoint(self, name: str = "record") -> AsyncIterator[None]:
        """A nested, all-or-nothing unit inside an open :meth:`transaction`."""
        await self.connection.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            await asyncio.shield(self.connection.execute(f"ROLLBACK TO {name}"))
            await asyncio.shield(self.connection.execute(f"RELEASE {name}"))
            raise
        else:
            await self.connection.execute(f"RELEASE {name}")

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        async with self.connection.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        async with self.connection.execute(sql, tuple(params)) as cursor:
            row: sqlite3.Row | None = await cursor.fetchone()
            return row

    async def user_version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self) -> list[str]:
        """Apply pending migrations, each in its own transaction; return their names."""
        applied = []
        current = await self.user_version()
        available = migrations()
        if current > len(available):
            raise RuntimeError(
                f"database schema version {current} is newer than this cagbot "
                f"({len(available)}); upgrade cagbot"
            )
        for number, name, sql in available[current:]:
            async with self.transaction() as connection:
                # executescript would COMMIT our transaction; run statements one by one.
                for statement in _statements(sql):
                    await connection.execute(statement)
                await connection.execute(f"PRAGMA user_version = {number}")
            log.info("applied migration %s", name)
            applied.append(name)
        return applied

    async def backup(self, target: Path) -> None:
        """Copy the live database with SQLite's online backup API."""
        target.parent.mkdir(parents=True, exist_ok=True)
        destination = await aiosqlite.connect(str(target))
        try:
            await self.connection.backup(destination)
        finally:
            await destination.close()

    async def integrity_check(self) -> str:
        row = await self.fetchone("PRAGMA integrity_check")
        return str(row[0]) if row else "no answer"


def _is_busy(error: sqlite3.OperationalError) -> bool:
    # SQLITE_BUSY ("database is locked") and SQLITE_LOCKED ("database table is locked").
    code = getattr(error, "sqlite_errorcode", None)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return True
    return "locked" in str(error) or "busy" in str(error)


def _statements(sql: str) -> list[str]:
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        raise ValueError(f"incomplete SQL statement in migration: {buffer[:60]!r}")
    return statements
