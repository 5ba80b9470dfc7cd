"""Schema changes: only on purpose, one process at a time, with a backup first (issue 23)."""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cagbot import __version__
from cagbot.store import Store
from cagbot.store.database import (
    Database,
    DatabaseProblem,
    migrations,
)
from cagbot.store.upgrade import backup_path, lock_path, migrate
from tests.store.conftest import PREVIOUS, make_old


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])


async def test_migrate_backs_up_first_named_by_the_release(tmp_path: Path) -> None:
    path = tmp_path / "cagbot.db"
    await make_old(path)
    now = datetime(2026, 12, 7, 21, 0, tzinfo=UTC)
    db = await Database.open(path, create=False)
    try:
        done = await migrate(db, now=now)
        assert done.before == PREVIOUS
        assert done.after == len(migrations())
        assert done.backup == tmp_path / "cagbot.db.0.2.0-20261207T210000Z.bak"
        assert (await db.migrated_by()) == __version__
        row = await db.fetchone("SELECT from_version, backup FROM schema_log")
        assert row is not None
        assert tuple(row) == (PREVIOUS, str(done.backup))
        again = await migrate(db, now=now)  # nothing left to do: no second copy
        assert again.applied == []
        assert again.backup is None
    finally:
        await db.close()
    assert user_version(done.backup) == PREVIOUS  # the copy holds the old schema
    with sqlite3.connect(done.backup) as connection:
        assert connection.execute("SELECT chat_id FROM subscribers").fetchall() == [(7,)]
    assert done.backup.stat().st_mode & 0o777 == 0o600


async def test_a_new_database_needs_no_backup(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "new.db")
    try:
        done = await migrate(db)
    finally:
        await db.close()
    assert done.before == 0
    assert done.backup is None
    assert not await asyncio.to_thread(lambda: list(tmp_path.glob("*.bak")))


def test_backup_names_fall_back_to_the_schema() -> None:
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert backup_path(Path("/d/x.db"), None, 4, when).name == "x.db.schema4-20260102T030405Z.bak"


async def test_other_opens_refuse_an_older_schema_and_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "cagbot.db"
    await make_old(path)
    with pytest.raises(DatabaseProblem, match=r"run `cagbot migrate`.*") as refused:
        await Store.open(path, migrate=False, create=False)
    assert "cagbot 0.2.0" in str(refused.value)
    assert user_version(path) == PREVIOUS
    with pytest.raises(DatabaseProblem, match="there is no database at"):
        await Store.open(tmp_path / "elsewhere.db", migrate=False, create=False)
    assert not (tmp_path / "elsewhere.db").exists()


async def test_newer_schema_is_refused_in_one_line_naming_the_release(tmp_path: Path) -> None:
    path = tmp_path / "cagbot.db"
    await (await Store.open(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE schema_log SET cagbot_version = '9.9.9'")
        connection.execute(f"PRAGMA user_version = {len(migrations()) + 1}")
    for kwargs in ({"migrate": True}, {"migrate": False}):
        with pytest.raises(DatabaseProblem) as refused:
            await Store.open(path, **kwargs)
        line = str(refused.value)
        assert "\n" not in line
        assert "newer than this cagbot" in line
        assert "migrated by cagbot 9.9.9" in line


def test_later_migrations_never_change_what_people_chose() -> None:
    """0.2.0's 0009 moved everyone to "all languages"; no migration after it may rewrite a
    subscriber's choices (CHANGELOG: "What the migrations change for people")."""
    for number, name, sql in migrations():
        if number <= PREVIOUS:
            continue
        code = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
        assert not re.search(r"\b(UPDATE|DELETE\s+FROM)\s+subscriber", code, re.I), name


async def _lines(stream: asyncio.StreamReader, into: list[str], seen: asyncio.Event) -> None:
    while line := await stream.readline():
        into.append(line.decode())
        if "waiting for it" in into[-1]:
            seen.set()


async def test_two_migrations_at_once_are_serialised(tmp_path: Path) -> None:
    """Two `cagbot migrate` processes while a third holds the lock: both wait (each says
    so), then one migrates and backs up, and the other finds nothing to do."""
    path = tmp_path / "cagbot.db"
    await make_old(path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAGBOT_")}
    env["CAGBOT_DATABASE"] = str(path)
    holder = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)
    processes, outputs, waiting, readers = [], [], [], []
    try:
        for _ in range(2):
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "cagbot",
                "migrate",
                cwd=tmp_path,
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            lines: list[str] = []
            seen = asyncio.Event()
            assert process.stdout is not None
            readers.append(asyncio.create_task(_lines(process.stdout, lines, seen)))
            processes.append(process)
            outputs.append(lines)
            waiting.append(seen)
        await asyncio.wait_for(asyncio.gather(*(seen.wait() for seen in waiting)), 120)
        assert user_version(path) == PREVIOUS  # nobody migrated while the lock was held
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
    codes = await asyncio.wait_for(asyncio.gather(*(p.wait() for p in processes)), 120)
    await asyncio.gather(*readers)
    texts = ["".join(lines) for lines in outputs]
    assert codes == [0, 0], texts
    assert sorted("up to date" in text for text in texts) == [False, True], texts
    copies = await asyncio.to_thread(lambda: list(tmp_path.glob("cagbot.db.0.2.0-*.bak")))
    assert len(copies) == 1
    assert user_version(path) == len(migrations())
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM schema_log").fetchone()[0] == 1
