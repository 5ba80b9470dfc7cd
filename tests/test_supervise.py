"""The supervisor: an error is logged once, the work restarts with back-off, staff are told
when it keeps failing, a cancellation stops it."""

from __future__ import annotations

import asyncio
import logging

import pytest

from cagbot.supervise import Backoff, Supervisor, guarded

FAST = Backoff(base=0.001, cap=0.002, alert_after=2, alert_every=2)


async def test_it_restarts_after_errors_and_tells_staff_when_it_keeps_failing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    runs: list[int] = []
    told: list[tuple[str, int]] = []

    async def work() -> None:
        runs.append(len(runs))
        if len(runs) <= 4:
            raise RuntimeError("database is locked")

    async def on_trouble(name: str, failures: int, error: BaseException) -> None:
        told.append((name, failures))

    supervisor = Supervisor("deliveries", work, backoff=FAST, on_trouble=on_trouble)
    with caplog.at_level(logging.ERROR):
        await asyncio.wait_for(supervisor.run(), 5)
    assert len(runs) == 5
    assert supervisor.restarts == 4
    assert told == [("deliveries", 2), ("deliveries", 4)]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 4  # once per failure
    assert all("deliveries failed" in r.getMessage() for r in errors)


async def test_a_broken_alert_path_does_not_stop_the_restarts() -> None:
    runs = 0

    async def work() -> None:
        nonlocal runs
        runs += 1
        if runs < 4:
            raise ValueError("boom")

    async def on_trouble(name: str, failures: int, error: BaseException) -> None:
        raise OSError("the alert path is down too")

    await asyncio.wait_for(Supervisor("x", work, backoff=FAST, on_trouble=on_trouble).run(), 5)
    assert runs == 4


async def test_cancellation_stops_it_at_once() -> None:
    started = asyncio.Event()

    async def work() -> None:
        started.set()
        await asyncio.Event().wait()

    task = asyncio.create_task(Supervisor("x", work, backoff=FAST).run())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_backoff_is_capped_and_alerts_at_the_third_then_every_tenth() -> None:
    backoff = Backoff(base=1.0, cap=8.0)
    assert all(backoff.delay(n) <= 8.0 * 1.2 for n in range(1, 30))
    assert backoff.delay(1) >= 0.8
    assert [n for n in range(1, 30) if backoff.alerts_at(n)] == [3, 13, 23]


async def test_guarded_swallows_logs_and_counts(caplog: pytest.LogCaptureFixture) -> None:
    state: dict[str, int] = {}
    told: list[int] = []

    async def failing() -> None:
        raise RuntimeError("feed server down")

    async def fine() -> None:
        return None

    async def on_trouble(name: str, failures: int, error: BaseException) -> None:
        told.append(failures)

    log = logging.getLogger("test.guarded")
    with caplog.at_level(logging.ERROR, logger="test.guarded"):
        for _ in range(3):
            await guarded("feeds", failing, log=log, on_trouble=on_trouble, state=state)
    assert state["feeds"] == 3
    assert told == [3]
    assert len(caplog.records) == 3
    await guarded("feeds", fine, log=log, state=state)
    assert state["feeds"] == 0
