"""Changing a database's schema: one process at a time, with a backup first.

Only ``cagbot migrate`` (and ``run`` and ``import``, which migrate as they start) come here;
every other command opens the database as it is and refuses a schema it does not know
(:meth:`~cagbot.store.database.Database.check_schema`). Two migrations at once are
serialised by an exclusive lock on a file beside the database (``<db>.lock``: a lock on the
database file itself would be released by SQLite closing its own descriptors); the second
waits, then finds nothing to do. Before anything changes, an existing database with data is
copied beside itself, named after the release that made it
(``cagbot.db.0.2.0-20261207T210000Z.bak``), which is what a rollback restores.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cagbot.store.database import Database, migrations
from cagbot.store.files import create_private
from cagbot.store.monitoring import MonitoringStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration:
    before: int  # schema version found
    after: int
    applied: list[str]
    backup: Path | None  # the copy taken first, if one was


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def backup_path(database: Path, release: str | None, version: int, now: datetime) -> Path:
    """Beside the database, named with the release (or schema) it holds and the time."""
    made = release if release else f"schema{version}"
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    return database.with_name(f"{database.name}.{made}-{stamp}.bak")


class MigrationLock:
    """An exclusive ``flock`` beside the database, held while migrations run."""

    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        self._descriptor: int | None = None

    async def __aenter__(self) -> MigrationLock:
        create_private(self.path)
        descriptor = os.open(self.path, os.O_RDWR)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another process is migrating %s; waiting for it", self.path.parent)
            try:
                await asyncio.to_thread(fcntl.flock, descriptor, fcntl.LOCK_EX)
            except BaseException:
                os.close(descriptor)
                raise
        self._descriptor = descriptor
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._descriptor is not None:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
            os.close(self._descriptor)
            self._descriptor = None


async def migrate(db: Database, *, backup: bool = True, now: datetime | None = None) -> Migration:
    """Bring ``db`` to this cagbot's schema under the migration lock, backing it up first
    when it holds an older schema (``backup=False``: the operator has their own copy)."""
    path = Path(db.path)
    # Nothing to do (every start of an up-to-date bot), or a newer schema: no lock needed.
    await db.refuse_newer()
    if await db.user_version() == len(migrations()):
        version = await db.user_version()
        return Migration(version, version, [], None)
    async with MigrationLock(path):
        before = await db.user_version()
        pending = before < len(migrations())
        copy = None
        if pending and backup and before > 0:
            release = await db.migrated_by()
            copy = backup_path(path, release, before, now or datetime.now(UTC))
            await db.backup(copy)
            log.info("backed up %s (schema %d) to %s before migrating", path, before, copy)
        applied = await db.migrate(backup=copy)
        if copy is not None:
            size = (await asyncio.to_thread(copy.stat)).st_size
            await MonitoringStore(db).record_backup(str(copy), size, time.time())
        return Migration(before, await db.user_version(), applied, copy)
