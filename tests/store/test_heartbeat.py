from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from cagbot.store import Store
from cagbot.store.heartbeat import open_existing


async def beat(store: Store, *, pid: int = 7, now: float, started_at: float = 1000.0) -> None:
    await store.heartbeat.beat(
        pid=pid, host="h", mode="polling", version="0.1.0", started_at=started_at, now=now
    )


async def test_one_row_overwritten_by_each_beat(fresh_db: Store) -> None:
    assert await fresh_db.heartbeat.latest() is None
    await beat(fresh_db, now=1001.0)
    await beat(fresh_db, now=1031.0)
    latest = await fresh_db.heartbeat.latest()
    assert latest is not None
    assert (latest.pid, latest.beat_at, latest.started_at, latest.stopped_at) == (
        7,
        1031.0,
        1000.0,
        None,
    )


async def test_clean_stop_is_recorded_for_the_same_process_only(fresh_db: Store) -> None:
    await beat(fresh_db, pid=7, now=1001.0)
    await fresh_db.heartbeat.stopped(pid=8, now=1002.0)  # another process: not ours
    latest = await fresh_db.heartbeat.latest()
    assert latest is not None
    assert latest.stopped_at is None
    await fresh_db.heartbeat.stopped(pid=7, now=1003.0)
    latest = await fresh_db.heartbeat.latest()
    assert latest is not None
    assert latest.stopped_at == 1003.0
    await beat(fresh_db, pid=9, now=2000.0)  # the next start clears it
    latest = await fresh_db.heartbeat.latest()
    assert latest is not None
    assert (latest.pid, latest.stopped_at) == (9, None)


async def test_backlog_counts_due_rows_from_the_latest_of_creation_retry_and_start(
    fresh_db: Store,
) -> None:
    now = time.time()
    assert (await fresh_db.heartbeat.backlog(now=now, since=0)).due == 0
    await fresh_db.outbox.enqueue([1, 2, 3], "hello", kind="staff")
    backlog = await fresh_db.heartbeat.backlog(now=now + 60, since=0)
    assert backlog.due == 3
    assert backlog.oldest_due_at == pytest.approx(now, abs=5)
    # Rows are due from the bot's start when they were queued before it.
    later = await fresh_db.heartbeat.backlog(now=now + 60, since=now + 30)
    assert later.oldest_due_at == pytest.approx(now + 30)
    # Not yet due (a retry time in the future): not counted.
    assert (await fresh_db.heartbeat.backlog(now=now - 100, since=0)).due == 0


async def test_last_delivery_is_the_latest_finished_row(fresh_db: Store) -> None:
    assert await fresh_db.heartbeat.last_delivery_at() is None
    await fresh_db.outbox.enqueue([1, 2], "hello", kind="staff")
    # As the dispatcher records a send (written here directly: the dispatcher's API is not
    # what this module depends on, only the outbox's columns).
    await fresh_db.db.connection.execute(
        "UPDATE outbox SET status = 'sent', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
        "WHERE id = (SELECT min(id) FROM outbox)"
    )
    delivered = await fresh_db.heartbeat.last_delivery_at()
    assert delivered == pytest.approx(time.time(), abs=5)
    assert (await fresh_db.heartbeat.backlog(now=time.time() + 1, since=0)).due == 1


async def test_open_existing_never_creates_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(sqlite3.OperationalError):
        await open_existing(missing)
    assert not missing.exists()
