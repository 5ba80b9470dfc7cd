"""``cagbot restore``: a backup back in place, its queued deliveries reconciled."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import time
from pathlib import Path

import pytest

from cagbot.cli import main
from cagbot.store import Store
from cagbot.store.restore import HELD_ERROR, restore


def statuses(database: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(database) as connection:
        return list(connection.execute("SELECT status, last_error FROM outbox ORDER BY id"))


async def queued_backup(tmp_path: Path) -> tuple[Path, Path]:
    database, backup = tmp_path / "cagbot.db", tmp_path / "backup.db"
    store = await Store.open(database)
    try:
        await store.outbox.enqueue([1, 2, 3], "hello", kind="staff")
        await store.db.backup(backup)
    finally:
        await store.close()
    return database, backup


async def test_without_the_live_database_unknown_deliveries_are_held(tmp_path: Path) -> None:
    database, backup = await queued_backup(tmp_path)
    database.unlink()  # the disk died: nobody knows what was sent since
    done = restore(backup, database)
    assert (done.finished_since, done.still_queued, done.unknown) == (0, 0, 3)
    assert statuses(database) == [("failed", HELD_ERROR)] * 3
    assert done.replaced is None


async def test_resend_queues_them_again(tmp_path: Path) -> None:
    database, backup = await queued_backup(tmp_path)
    database.unlink()
    done = restore(backup, database, resend=True)
    assert done.unknown == 3
    assert statuses(database) == [("pending", None)] * 3


async def test_refuses_while_the_bot_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database, backup = await queued_backup(tmp_path)
    store = await Store.open(database)
    try:
        now = time.time()
        await store.heartbeat.beat(
            pid=os.getpid(),
            host=socket.gethostname(),
            mode="polling",
            version="0.3.0",
            started_at=now,
            now=now,
        )
    finally:
        await store.close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAGBOT_DATABASE", str(database))
    assert await asyncio.to_thread(main, ["restore", str(backup)]) == 1
    assert "is running against" in capsys.readouterr().err
    assert statuses(database) == [("pending", None)] * 3  # untouched
