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

from cagbot import __version__
from cagbot.store.files import create_private, private_folder
from cagbot.store.problems import (
    DatabaseProblem,
    describe_database_error,
    describe_problem,
    is_storage_error,
)
from cagbot.store.waiting import WAITING_MARK_AFTER, WAITING_POLL, WaitingWriters

log = logging.getLogger(__name__)

#: ``DatabaseProblem``, ``describe_database_error`` and ``is_storage_error`` live in
#: :mod:`.problems`; the CLI, the importer and the store import them from here too.
__all__ = [
    "BUSY_TIMEOUT_MS",
    "LOCK_PATIENCE",
    "RELEASE_SCHEMAS",
    "Database",
    "DatabaseProblem",
    "describe_database_error",
    "is_storage_error",
    "migrations",
]

#: The schema each release before the schema log (migration 0014) left: how a backup of
#: such a database is named, and what "migrated by" says about it.
RELEASE_SCHEMAS = {2: "0.1.0", 10: "0.2.0"}

#: Seconds a transaction waits, beyond SQLite's busy timeout, for another process's write
#: lock before it gives up (imports commit in short batches, so this is rarely reached).
LOCK_PATIENCE = 60.0

#: How long a statement waits for another process's write lock.
BUSY_TIMEOUT_MS = 5000
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


def _identity(path: Path | str) -> tuple[int, int] | None:
    """(device, inode) of the database file, None if it does not exist (or is in memory)."""
    if str(path) == ":memory:":
        return None
    try:
        status = Path(path).stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


async def _check_writable(connection: aiosqlite.Connection) -> None:
    """A read-only file or mount opens fine and fails at the first write: find out now.
    Another process writing (an import's batch, outlasting busy_timeout) proves the file
    writable; that is no problem of ours."""
    await connection.execute("PRAGMA busy_timeout = 0")  # a busy answer is answer enough
    try:
        await connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
    else:
        await connection.execute("ROLLBACK")
    finally:
        await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _prepare_folder(path: Path) -> None:
    folder = path.parent
    try:
        private_folder(folder)
    except OSError as error:
        raise DatabaseProblem(
            f"the folder {folder} of the database does not exist and cannot be created "
            f"({error.strerror or error}): create it, or set CAGBOT_DATABASE to a path "
            "in a writable folder"
        ) from None
    if path.is_dir():
        raise DatabaseProblem(
            f"{path} is a folder, not a database file: set CAGBOT_DATABASE to a file path"
        )


class Database:
    def __init__(self, connection: aiosqlite.Connection, path: Path | str) -> None:
        self.connection = connection
        self.path = path
        self._write_lock = asyncio.Lock()
        self._identity = _identity(path)
        self._waiting = None if str(path) == ":memory:" else WaitingWriters(Path(path))

    @classmethod
    async def open(cls, path: Path | str, *, create: bool = True) -> Database:
        """Open (with ``create``, creating the file 0600 and its folder 0700 on first use)
        and check that the file is a database this process can write. Raises
        :class:`DatabaseProblem` otherwise, with the connection closed again: aiosqlite's
        thread would keep the process alive. Without ``create`` a missing file is a
        :class:`DatabaseProblem` naming the path (a command run from the wrong folder must
        not make an empty database and report success)."""
        if str(path) != ":memory:":
            where = await asyncio.to_thread(Path(path).absolute)
            if not create and not await asyncio.to_thread(Path(path).exists):
                raise DatabaseProblem(
                    f"there is no database at {where}: set CAGBOT_DATABASE "
                    "to the bot's database, or run `cagbot migrate` to create one there"
                )
            _prepare_folder(Path(path))
            try:
                if await asyncio.to_thread(create_private, Path(path)):
                    log.info("creating the database %s", where)
            except OSError as error:
                raise describe_problem(path, error) from None
        try:
            # isolation_level=None: no implicit transactions; we issue BEGIN ourselves.
            connection = await aiosqlite.connect(str(path), isolation_level=None)
        except (sqlite3.Error, OSError) as error:
            raise describe_problem(path, error) from None
        try:
            connection.row_factory = sqlite3.Row
            await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # The first read of the header: a file that is no database fails here.
            # (Read to its end: an unfinished statement would hold a read transaction open.)
            async with connection.execute("PRAGMA schema_version") as cursor:
                await cursor.fetchall()
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA foreign_keys = ON")
            await connection.execute("PRAGMA synchronous = NORMAL")
            # Erased rows (/forget) are overwritten on disk, not left in free pages.
            await connection.execute("PRAGMA secure_delete = ON")
            await _check_writable(connection)
        except BaseException as error:
            await connection.close()
            if isinstance(error, sqlite3.Error | OSError):
                raise describe_problem(path, error) from None
            raise
        return cls(connection, path)

    async def close(self) -> None:
        await self.connection.close()

    def others_waiting(self) -> bool:
        """Whether a writer of another connection waits for the write lock now."""
        return self._waiting is not None and self._waiting.others_waiting()

    async def let_waiting_writers_in(self, patience: float = 1.0) -> None:
        """Between two transactions of a long job (an import): wait while another writer
        waits for the write lock, so it gets it before this job's next BEGIN; at most
        ``patience`` seconds. Costs one look at a folder when nobody waits.

        Why not a fixed pause: SQLite's busy handler polls every 100 ms, so only a gap that
        long was reliably seen, and it capped an import at 100 posts per 0.12 s."""
        if self._waiting is None or not self._waiting.others_waiting():
            return
        deadline = time.monotonic() + patience
        # Polling: the waiter is another process, with nothing to signal us by but a file.
        while self._waiting.others_waiting() and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(WAITING_POLL)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error or cancellation.

        aiosqlite runs statements in order on its own thread, and a statement whose awaiting
        task is cancelled still runs there. So a cancellation can land after BEGIN took
        effect; the ROLLBACK queued behind it then always ends that transaction, and COMMIT
        and ROLLBACK are shielded so that a second cancellation cannot skip them.
        """
        async with self._write_lock:
            if self._waiting is None:
                await self._begin()
            else:
                # Say so while waiting for another process's write lock (see WaitingWriters).
                with self._waiting.marked_after(WAITING_MARK_AFTER):
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

    async def migrated_by(self) -> str | None:
        """The cagbot release that last migrated this database: the schema log's newest
        row, else the release whose schema it has (before the log existed), else None."""
        if await self.fetchone(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_log'"
        ):
            row = await self.fetchone(
                "SELECT cagbot_version FROM schema_log ORDER BY id DESC LIMIT 1"
            )
            if row is not None:
                return str(row[0])
        return RELEASE_SCHEMAS.get(await self.user_version())

    async def check_schema(self) -> int:
        """The schema version, if it is the one this cagbot knows; else
        :class:`DatabaseProblem` with one line: an older schema needs `cagbot migrate` (no
        other command changes it), a newer one a newer cagbot."""
        current, expected = await self.user_version(), len(migrations())
        if current > expected:
            raise await self._newer_problem(current, expected)
        if current < expected:
            by = await self.migrated_by()
            made = f" (cagbot {by})" if by else ""
            raise DatabaseProblem(
                f"{self.path} has schema version {current}{made}, this cagbot "
                f"{__version__} needs {expected}: run `cagbot migrate` (it backs the "
                "database up first), with the running bot stopped"
            )
        return current

    async def refuse_newer(self) -> None:
        """:class:`DatabaseProblem` if a newer cagbot migrated this database."""
        current, expected = await self.user_version(), len(migrations())
        if current > expected:
            raise await self._newer_problem(current, expected)

    async def _newer_problem(self, current: int, expected: int) -> DatabaseProblem:
        by = await self.migrated_by()
        made = f", migrated by cagbot {by}" if by else ""
        return DatabaseProblem(
            f"{self.path} has schema version {current}{made}, newer than this cagbot "
            f"{__version__} knows ({expected}): upgrade cagbot, or restore the backup taken "
            "before the upgrade with `cagbot restore` (docs/deploy.md, Rollback)"
        )

    async def migrate(self, *, backup: Path | None = None) -> list[str]:
        """Apply pending migrations, each in its own transaction; return their names.
        The schema log records this release (and ``backup``, the copy taken before)."""
        applied = []
        current = await self.user_version()
        available = migrations()
        if current > len(available):
            raise await self._newer_problem(current, len(available))
        for number, name, sql in available[current:]:
            async with self.transaction() as connection:
                # executescript would COMMIT our transaction; run statements one by one.
                for statement in _statements(sql):
                    await connection.execute(statement)
                await connection.execute(f"PRAGMA user_version = {number}")
            log.info("applied migration %s", name)
            applied.append(name)
        if applied and await self.fetchone(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_log'"
        ):
            async with self.transaction() as connection:
                await connection.execute(
                    "INSERT INTO schema_log (schema_version, cagbot_version, from_version, "
                    "backup) VALUES (?, ?, ?, ?)",
                    (len(available), __version__, current, str(backup) if backup else None),
                )
        return applied

    async def backup(self, target: Path) -> None:
        """Copy the live database with SQLite's online backup API, into a new file that
        only this user can read (0600; a new folder 0700), whatever the umask."""
        await asyncio.to_thread(private_folder, target.parent)
        await asyncio.to_thread(create_private, target)
        destination = await aiosqlite.connect(str(target))
        try:
            await self.connection.backup(destination)
        finally:
            await destination.close()

    async def file_problem(self) -> str | None:
        """None if the database file is still the one this connection opened and a read of
        the schema from it works; else 'file missing' or 'file replaced'. (An open SQLite
        handle keeps answering after its file was deleted or swapped, into the void.)"""
        await self.fetchall("SELECT name FROM sqlite_master LIMIT 1")
        if self._identity is None:  # :memory:
            return None
        now = await asyncio.to_thread(_identity, self.path)
        if now is None:
            return "file missing"
        return None if now == self._identity else "file replaced"

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
