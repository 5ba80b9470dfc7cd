"""The pacer with a fake clock: never more than the limits allow in any window."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from cagbot.notify.pacer import PaceLimits, Pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


def _max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_overall_window_counts_from_the_answers() -> None:
    fake = FakeTime()
    pacer = Pacer(PaceLimits(margin=0.0), clock=fake.clock, sleep=fake.sleep)
    starts = []
    for chat_id in range(1, 121):
        slot = await pacer.acquire(chat_id)
        starts.append(slot.start)
        fake.now += 0.01  # the answer takes 10 ms
        pacer.release(slot)
    assert _max_in_window(starts, 1.0) <= 30
    # ... and it is not much slower than the limit: 120 sends in about 3 windows.
    assert starts[-1] < 3.5


async def test_one_chat_gets_one_send_per_second_and_groups_twenty_a_minute() -> None:
    fake = FakeTime()
    pacer = Pacer(PaceLimits(margin=0.0), clock=fake.clock, sleep=fake.sleep)
    private, group = [], []
    for _ in range(5):
        slot = await pacer.acquire(42)
        private.append(slot.start)
        pacer.release(slot)
    for _ in range(25):
        slot = await pacer.acquire(-100123)
        group.append(slot.start)
        pacer.release(slot)
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(private))
    assert _max_in_window(group, 60.0) <= 20


async def test_pause_holds_everything_after_a_429() -> None:
    fake = FakeTime()
    pacer = Pacer(PaceLimits.off(), clock=fake.clock, sleep=fake.sleep)
    pacer.pause(5)
    slot = await pacer.acquire(1)
    assert slot.start >= 5.0


async def test_a_seeded_pacer_counts_the_previous_process_sends() -> None:
    fake = FakeTime()
    fake.now = 100.0
    pacer = Pacer(PaceLimits(margin=0.0), clock=fake.clock, sleep=fake.sleep)
    wall = 5_000.0
    # The previous process sent 30 messages in the last half second, one to chat 1.
    pacer.seed([(chat_id, wall - 0.5) for chat_id in range(1, 31)], wall)
    slot = await pacer.acquire(1000)
    assert slot.start >= 100.5 - 1e-9  # the window of those 30 must pass first
    # Per chat as well: chat 1 got a message 0.5 s ago, chat 2 none.
    fake.now = 100.0
    per_chat = Pacer(
        PaceLimits(overall_per_second=None, margin=0.0), clock=fake.clock, sleep=fake.sleep
    )
    per_chat.seed([(1, wall - 0.5)], wall)
    assert (await per_chat.acquire(2)).start == 100.0
    assert (await per_chat.acquire(1)).start >= 100.5 - 1e-9


async def test_sharing_the_limit_between_processes() -> None:
    fake = FakeTime()
    pacer = Pacer(PaceLimits(margin=0.0), clock=fake.clock, sleep=fake.sleep)
    pacer.share(2)
    starts = []
    for chat_id in range(1, 61):
        slot = await pacer.acquire(chat_id)
        starts.append(slot.start)
        pacer.release(slot)
    assert _max_in_window(starts, 1.0) == 15
    pacer.share(1)
    more = []
    for chat_id in range(100, 160):
        slot = await pacer.acquire(chat_id)
        more.append(slot.start)
        pacer.release(slot)
    assert _max_in_window(more, 1.0) == 30


async def test_bulk_sends_give_way_while_replies_wait() -> None:
    fake = FakeTime()
    pacer = Pacer(PaceLimits(margin=0.0), clock=fake.clock, sleep=fake.sleep)
    # The replies of a crowd of newcomers are out 2 s (of fake time) from now.
    pacer.yield_to = lambda: fake.clock() < 2.0
    slot = await pacer.acquire(7)
    assert slot.start >= 2.0


async def test_slots_reserved_before_a_pause_of_the_process_are_not_used_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found by the chaos test's SIGSTOP: slots taken before a freeze are counted in the
    shared window at that time; spent after it they add to what others sent since."""
    from cagbot.notify import pacer as pacer_module

    calls: list[int] = []
    returned: list[int] = []

    class Window:
        async def take(
            self, limit: int, window: float, *, answered: object, want: int
        ) -> tuple[list[int], float]:
            calls.append(want)
            first = 10 * len(calls)
            return list(range(first, first + want)), 0.0

        async def give_back(self, slots: list[int]) -> None:
            returned.extend(slots)

    now = [100.0]
    monkeypatch.setattr(pacer_module.time, "monotonic", lambda: now[0])
    shared = pacer_module.SharedWindow(Window(), 30, 1.1)  # type: ignore[arg-type]
    assert await shared.take() == (10, 0.0)
    assert await shared.take() == (11, 0.0)  # from the reserve: no new transaction
    assert len(calls) == 1
    now[0] += 5.0  # frozen for 5 s
    assert await shared.take() == (20, 0.0)
    assert len(calls) == 2
    assert returned == [12, 13]  # given back, not left counting as on the wire
