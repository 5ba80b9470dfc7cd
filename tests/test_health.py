"""``cagbot health`` verdicts, from database states a live, stopped or stuck bot leaves."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from cagbot.cli import main
from cagbot.health import check
from cagbot.store import Store


@pytest.fixture
def now() -> float:
    """The test's "now": taken when it starts, not when the module was imported."""
    return time.time()


async def beat(store: Store, *, at: float, started_at: float | None = None) -> None:
    await store.heartbeat.beat(
        pid=4242,
        host="server",
        mode="webhook",
        version="0.1.0",
        started_at=at - 7200 if started_at is None else started_at,
        now=at,
    )


async def age_outbox(store: Store, minutes: int) -> None:
    """Make every queued delivery ``minutes`` older, as if queued that long ago."""
    await store.db.connection.execute(
        "UPDATE outbox SET not_before = not_before - ?, "
        "created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, ?)",
        (minutes * 60, f"-{minutes} minutes"),
    )


async def test_live_bot_is_healthy(fresh_db: Store, tmp_path: Path) -> None:
    await fresh_db.outbox.enqueue([1, 2], "hello", kind="staff")  # just queued: fine
    now = time.time()  # after the enqueue, so that both rows are due
    await beat(fresh_db, at=now - 20)
    verdict = await check(tmp_path / "cagbot.db", now=now)
    assert verdict.ok, verdict.reason
    assert verdict.reason.startswith("ok: webhook bot (pid 4242 on server")
    assert "2 deliveries due" in verdict.reason


async def test_stopped_bot_is_a_stale_heartbeat(
    fresh_db: Store, tmp_path: Path, now: float
) -> None:
    await beat(fresh_db, at=now - 600)
    verdict = await check(tmp_path / "cagbot.db", now=now)
    assert not verdict.ok
    assert verdict.reason.startswith("no heartbeat for 10 min from the webhook bot (pid 4242")
    assert (await check(tmp_path / "cagbot.db", now=now, max_age=900)).ok


async def test_cleanly_stopped_bot_says_so(fresh_db: Store, tmp_path: Path, now: float) -> None:
    await beat(fresh_db, at=now - 5)
    await fresh_db.heartbeat.stopped(pid=4242, now=now - 1)
    verdict = await check(tmp_path / "cagbot.db", now=now)
    assert not verdict.ok
    assert "stopped at" in verdict.reason


async def test_stuck_dispatcher_with_a_fresh_heartbeat(
    fresh_db: Store, tmp_path: Path, now: float
) -> None:
    await fresh_db.outbox.enqueue([1, 2, 3], "hello", kind="staff")
    await age_outbox(fresh_db, 15)
    await beat(fresh_db, at=now - 10)
    verdict = await check(tmp_path / "cagbot.db", now=now)
    assert not verdict.ok
    assert verdict.reason == (
        "dispatcher stuck: 3 deliveries due, the oldest for 15 min, no delivery yet"
    )
    assert (await check(tmp_path / "cagbot.db", now=now, stuck_after=20 * 60)).ok


async def test_long_broadcast_that_keeps_delivering_is_not_stuck(
    fresh_db: Store, tmp_path: Path, now: float
) -> None:
    await fresh_db.outbox.enqueue(range(1, 101), "news", kind="broadcast")
    await age_outbox(fresh_db, 30)
    # One row delivered just now: the dispatcher is working through the queue.
    await fresh_db.db.connection.execute(
        "UPDATE outbox SET status = 'sent', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
        "WHERE id = (SELECT min(id) FROM outbox)"
    )
    await beat(fresh_db, at=now - 10)
    verdict = await check(tmp_path / "cagbot.db", now=now)
    assert verdict.ok, verdict.reason
    assert "99 deliveries due" in verdict.reason


async def test_backlog_left_by_a_stopped_bot_is_not_the_new_process_stuck(
    fresh_db: Store, tmp_path: Path, now: float
) -> None:
    await fresh_db.outbox.enqueue([1, 2], "hello", kind="staff")
    await age_outbox(fresh_db, 60)
    await beat(fresh_db, at=now - 5, started_at=now - 30)  # restarted half a minute ago
    assert (await check(tmp_path / "cagbot.db", now=now)).ok


async def test_no_heartbeat_yet(fresh_db: Store, tmp_path: Path, now: float) -> None:
    verdict = await check(tmp_path / "cagbot.db", now=now)
    assert not verdict.ok
    assert verdict.reason.startswith("no heartbeat yet")


async def test_database_problems_are_one_line_and_create_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "cagbot.db"
    verdict = await check(missing)
    assert not verdict.ok
    assert "does not exist" in verdict.reason
    assert not missing.parent.exists()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    verdict = await check(garbage)
    assert not verdict.ok
    assert "not readable" in verdict.reason
    empty = tmp_path / "empty.db"
    empty.touch()
    verdict = await check(empty)
    assert verdict.reason.endswith("run `cagbot migrate`")


async def test_older_schema_asks_for_migrate(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "old.db")
    await store.db.connection.execute("PRAGMA user_version = 1")
    await store.close()
    verdict = await check(tmp_path / "old.db")
    assert not verdict.ok
    assert "run `cagbot migrate`" in verdict.reason


def test_cli_exit_codes_and_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAGBOT_DATABASE", str(tmp_path / "cli.db"))
    assert main(["health"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert main(["migrate"]) == 0

    async def live() -> None:
        store = await Store.open(tmp_path / "cli.db")
        try:
            await beat(store, at=time.time())
        finally:
            await store.close()

    asyncio.run(live())
    capsys.readouterr()
    assert main(["health"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


async def test_a_heartbeat_from_before_the_clock_stepped_back_is_not_ok(
    fresh_db: Store, tmp_path: Path, now: float
) -> None:
    # The bot died; then the clock was stepped back an hour: its last beat is "in the future".
    await beat(fresh_db, at=now + 3600)
    verdict = await check(tmp_path / "cagbot.db", now=now)
    assert not verdict.ok
    assert "in the future" in verdict.reason


async def outage(store: Store, *, minutes: int, now: float) -> None:
    """Every queued delivery failed transiently ``minutes`` ago and waits to retry (not
    due): what a Telegram 5xx outage leaves."""
    await store.db.connection.execute(
        "UPDATE outbox SET attempts = 3, retry_since = ?, not_before = ?, "
        "last_error = 'NetworkError: Bad Gateway', "
        "created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, ?)",
        (now - minutes * 60, now + 60, f"-{minutes} minutes"),
    )


async def test_an_outage_fails_health_though_nothing_is_due(
    fresh_db: Store, tmp_path: Path, now: float
) -> None:
    await fresh_db.outbox.enqueue([1, 2, 3], "hello", kind="staff")
    await outage(fresh_db, minutes=3, now=now)
    await beat(fresh_db, at=now - 5)
    database = tmp_path / "cagbot.db"
    verdict = await check(database, now=now)
    assert verdict.ok, verdict.reason  # 3 minutes: within both limits
    assert verdict.reason.endswith("0 deliveries due, 3 retrying")
    verdict = await check(database, now=now, stuck_after=120)
    assert not verdict.ok
    assert verdict.reason == (
        "no delivery succeeded while 3 wait, the oldest for 3 min (none yet); "
        "last error: NetworkError: Bad Gateway"
    )
    verdict = await check(database, now=now, retrying_after=120)
    assert not verdict.ok
    assert verdict.reason.startswith("deliveries failing: 3 retrying, the oldest for 3 min")


async def test_a_dead_process_on_this_host_fails_at_once(
    fresh_db: Store, tmp_path: Path, now: float
) -> None:
    import socket
    import sys

    process = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await process.wait()  # exited and reaped: its pid names no process now
    pid = process.pid
    await fresh_db.heartbeat.beat(
        pid=pid,
        host=socket.gethostname(),
        mode="polling",
        version="0.3.0",
        started_at=now - 60,
        now=now - 2,
    )
    verdict = await check(tmp_path / "cagbot.db", now=now)
    assert not verdict.ok
    assert "is not running (no such process" in verdict.reason


async def _beats_later(store: Store, *, delay: float, at: float) -> None:
    """A live bot's next beat, ``delay`` seconds of real time later, stamped ``at``."""
    await asyncio.sleep(delay)
    await beat(store, at=at)


@pytest.mark.parametrize("step", [3600.0, -3600.0], ids=["forward", "back"])
async def test_a_live_bot_is_ok_whatever_the_wall_clock_stepped(
    fresh_db: Store, tmp_path: Path, now: float, step: float
) -> None:
    # The bot beat at `now`; then the checker's wall clock stepped by `step` (forward: the
    # beat looks an hour old; back: an hour in the future). The bot beats again, stamping
    # its own (stepped) clock: alive, and the verdict says how it was judged.
    await beat(fresh_db, at=now)
    stepped = now + step
    writer = asyncio.create_task(_beats_later(fresh_db, delay=0.2, at=stepped))
    verdict = await check(tmp_path / "cagbot.db", now=stepped, confirm_within=5.0, poll_every=0.05)
    await writer
    assert verdict.ok, verdict.reason
    assert "heartbeat seen during the check" in verdict.reason
    # Judged on the wall-clock age alone (no confirmation), the same bot is "down".
    await beat(fresh_db, at=now)
    assert not (await check(tmp_path / "cagbot.db", now=stepped)).ok


@pytest.mark.parametrize("step", [3600.0, -3600.0], ids=["forward", "back"])
async def test_a_dead_bot_stays_down_whatever_the_wall_clock_stepped(
    fresh_db: Store, tmp_path: Path, now: float, step: float
) -> None:
    await beat(fresh_db, at=now)
    verdict = await check(
        tmp_path / "cagbot.db", now=now + step, confirm_within=0.3, poll_every=0.05
    )
    assert not verdict.ok
    assert ("in the future" if step < 0 else "no heartbeat for 60 min") in verdict.reason


def test_cli_confirms_a_stale_heartbeat_for_as_long_as_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAGBOT_DATABASE", str(tmp_path / "cli.db"))
    assert main(["migrate"]) == 0

    async def stale() -> None:
        store = await Store.open(tmp_path / "cli.db")
        try:
            await beat(store, at=time.time() - 3600)
        finally:
            await store.close()

    asyncio.run(stale())
    capsys.readouterr()
    assert main(["health", "--confirm-within", "0.2"]) == 1
    assert capsys.readouterr().err.startswith("no heartbeat for 60 min")
