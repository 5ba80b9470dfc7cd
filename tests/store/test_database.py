from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from pathlib import Path

import pytest

from cagbot.store import Store
from cagbot.store.database import Database, DatabaseProblem, migrations
from tests.e2e.conftest import Bot, bot, error_log, template_db  # noqa: F401 - fixtures


async def test_migrates_an_empty_database_to_the_latest_version(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "new.db")
    try:
        assert await db.user_version() == 0
        applied = await db.migrate()
        assert applied == [name for _, name, _ in migrations()]
        assert await db.user_version() == len(migrations())
        assert await db.migrate() == []  # a second run has nothing to do
        tables = {row[0] for row in await db.fetchall("SELECT name FROM sqlite_master")}
        assert {"posts", "opportunities", "topics", "subscribers", "subscriber_topics"} <= tables
        mode = await db.fetchone("PRAGMA journal_mode")
        assert mode is not None
        assert mode[0] == "wal"
        assert await db.integrity_check() == "ok"
    finally:
        await db.close()


def test_migrations_are_numbered_without_gaps() -> None:
    numbers = [number for number, _, _ in migrations()]
    assert numbers == list(range(1, len(numbers) + 1))


async def test_refuses_a_database_newer_than_the_code(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 999")
    db = await Database.open(path)
    try:
        with pytest.raises(DatabaseProblem, match="newer"):
            await db.migrate()
    finally:
        await db.close()


async def test_transaction_rolls_back_everything_on_error(fresh_db: Store) -> None:
    async def insert_twice() -> None:
        async with fresh_db.db.transaction() as connection:
            await connection.execute("INSERT INTO topics (slug) VALUES ('a')")
            await connection.execute("INSERT INTO topics (slug) VALUES ('a')")

    with pytest.raises(sqlite3.IntegrityError):
        await insert_twice()
    assert await fresh_db.db.fetchall("SELECT * FROM topics") == []


async def test_backup_is_a_readable_copy(fresh_db: Store, tmp_path: Path) -> None:
    await fresh_db.posts.sync_topics(["climate", "gender"])
    target = tmp_path / "backup" / "copy.db"
    await fresh_db.db.backup(target)
    restored = await Store.open(target)
    try:
        rows = await restored.db.fetchall("SELECT slug FROM topics ORDER BY position")
        assert [row[0] for row in rows] == ["climate", "gender"]
        assert await restored.db.integrity_check() == "ok"
    finally:
        await restored.close()


async def test_cancellation_at_any_point_leaves_no_open_transaction(fresh_db: Store) -> None:
    async def write(slug: str) -> None:
        async with fresh_db.db.transaction() as connection:
            await connection.execute("INSERT INTO topics (slug) VALUES (?)", (slug,))

    # Cancel after 0, 1, 2, ... event-loop turns, so cancellations land at BEGIN, inside the
    # body and at COMMIT; every later transaction must still start.
    for turns in range(12):
        task = asyncio.create_task(write(f"cancelled-{turns}"))
        for _ in range(turns):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await write(f"after-{turns}")
        assert not fresh_db.db.connection.in_transaction
    slugs = {row[0] for row in await fresh_db.db.fetchall("SELECT slug FROM topics")}
    assert {f"after-{turns}" for turns in range(12)} <= slugs


class _Seen(logging.Handler):
    """Sets an event when a record containing ``text`` is logged."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text, self.event = text, asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.event.set()


async def test_a_transaction_waits_for_another_process_write_lock(tmp_path: Path) -> None:
    """An import (another connection) holds the write lock longer than the busy timeout:
    the transaction waits and then succeeds, rather than failing with 'database is
    locked'."""
    path = tmp_path / "locked.db"
    store = await Store.open(path)
    await store.db.connection.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    try:
        seen = _Seen("database busy")
        logging.getLogger("cagbot.store.database").addHandler(seen)
        waiting = asyncio.create_task(store.outbox.set_state("probe", "1"))
        # Past the 50 ms busy timeout the first BEGIN fails; the retry says so in the log.
        try:
            await asyncio.wait_for(seen.event.wait(), 10)
        finally:
            logging.getLogger("cagbot.store.database").removeHandler(seen)
        assert not waiting.done()
        other.execute("COMMIT")
        await asyncio.wait_for(waiting, 10)
        assert await store.outbox.get_state("probe") == "1"
    finally:
        other.close()
        await store.close()


async def test_an_error_that_is_not_a_lock_is_not_retried(tmp_path: Path) -> None:
    from cagbot.store.database import _is_busy

    assert _is_busy(sqlite3.OperationalError("database is locked"))
    assert not _is_busy(sqlite3.OperationalError("no such table: x"))
    db = await Database.open(tmp_path / "x.db")
    try:
        with pytest.raises(sqlite3.OperationalError):
            async with db.transaction() as connection:
                await connection.execute("SELECT * FROM missing")
    finally:
        await db.close()


async def test_opening_while_another_process_writes_is_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    await (await Database.open(path)).close()  # the file, in WAL mode
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock throughout
    try:
        started = asyncio.get_running_loop().time()
        db = await Database.open(path)
        try:
            assert await db.user_version() == 0
            assert asyncio.get_running_loop().time() - started < 2  # did not wait the lock out
        finally:
            await db.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


async def test_a_person_gets_a_normal_answer_while_an_import_holds_the_lock(
    bot: Bot,  # noqa: F811 - the e2e harness's fixture
) -> None:
    """Through the whole bot: another process (an import) holds the write lock past the
    busy timeout while someone subscribes; the bot waits for the lock and answers
    normally, never "something went wrong"."""
    store: Store = bot.app.bot_data.store
    await store.db.connection.execute("PRAGMA busy_timeout = 50")
    user = bot.user(language_code="en")
    seen = _Seen("database busy")
    logging.getLogger("cagbot.store.database").addHandler(seen)
    other = sqlite3.connect(store.db.path, isolation_level=None, check_same_thread=False)
    try:
        # In a thread: the bot may be inside a transaction right now, and it needs the
        # event loop to reach its COMMIT.
        await asyncio.to_thread(other.execute, "BEGIN IMMEDIATE")
        bot.emu.send_text(user, "/start")
        await asyncio.wait_for(seen.event.wait(), 20)  # the bot is waiting for the lock
        other.execute("COMMIT")
        reply = await bot.emu.next_message(user.id, timeout=20)
    finally:
        other.close()
        logging.getLogger("cagbot.store.database").removeHandler(seen)
    assert "went wrong" not in (reply.text or "")
    assert await store.subscribers.get(user.id) is not None


async def test_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """The database, its WAL and shared-memory files and backups are 0600, new folders
    0700, even under the common umask 022 (they hold chat ids and choices)."""
    import os

    previous = os.umask(0o022)
    try:
        path = tmp_path / "state" / "db" / "cagbot.db"
        store = await Store.open(path)
        try:
            await store.outbox.enqueue([1], "hello", kind="staff")  # a write: -wal and -shm
            backup = tmp_path / "backups" / "copy.db"
            await store.db.backup(backup)
            modes = {
                name: file.stat().st_mode & 0o777
                for name, file in {
                    "db": path,
                    "wal": Path(f"{path}-wal"),
                    "shm": Path(f"{path}-shm"),
                    "backup": backup,
                    "folder": path.parent,
                    "parent folder": path.parent.parent,
                    "backup folder": backup.parent,
                }.items()
            }
        finally:
            await store.close()
    finally:
        os.umask(previous)
    assert modes == {
        "db": 0o600,
        "wal": 0o600,
        "shm": 0o600,
        "backup": 0o600,
        "folder": 0o700,
        "parent folder": 0o700,
        "backup folder": 0o700,
    }
