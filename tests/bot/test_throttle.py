"""Token buckets: a burst, then a steady rate; one notice per window; idle people forgotten."""

from __future__ import annotations

import pytest

from cagbot.bot.throttle import Throttle, Throttles, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_one_a_second_and_one_notice_per_window() -> None:
    clock = Clock()
    throttle = Throttle(5, 1.0, notice_every=30.0, clock=clock)
    assert [throttle.check(1) for _ in range(5)] == [Verdict.ALLOW] * 5
    assert throttle.check(1) is Verdict.NOTICE
    assert [throttle.check(1) for _ in range(50)] == [Verdict.DROP] * 50
    clock.now += 1.0
    assert throttle.check(1) is Verdict.ALLOW  # refilled one token
    assert throttle.check(1) is Verdict.DROP  # still inside the notice window
    clock.now += 30.0
    assert [throttle.check(1) for _ in range(5)] == [Verdict.ALLOW] * 5  # full again
    assert throttle.check(1) is Verdict.NOTICE  # a new window, a new notice
    assert throttle.dropped == 53


def test_people_have_separate_buckets() -> None:
    throttle = Throttle(2, 1.0, clock=Clock())
    assert [throttle.check(1) for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.NOTICE]
    assert throttle.check(2) is Verdict.ALLOW


def test_a_clock_going_backwards_grants_nothing() -> None:
    clock = Clock()
    throttle = Throttle(1, 1.0, clock=clock)
    assert throttle.check(1) is Verdict.ALLOW
    clock.now -= 100.0
    assert throttle.check(1) is Verdict.NOTICE


def test_idle_buckets_are_swept_when_many_are_tracked() -> None:
    clock = Clock()
    throttle = Throttle(2, 1.0, notice_every=10.0, max_tracked=3, clock=clock)
    for key in (1, 2, 3):
        throttle.check(key)
    for _ in range(3):
        throttle.check(3)  # 3 is over budget and was told: remembered through the window
    clock.now += 5.0
    throttle.check(4)
    assert len(throttle) == 2  # 1 and 2 refilled and were forgotten; 3 and 4 remain
    assert throttle.check(3) is Verdict.ALLOW


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="burst"):
        Throttle(0, 1.0)
    with pytest.raises(ValueError, match="per_second"):
        Throttle(1, 0.0)


def test_inline_queries_get_a_wider_budget_than_messages() -> None:
    throttles = Throttles.default()
    assert throttles.inline.burst > throttles.messages.burst
    assert throttles.inline.per_second > throttles.messages.per_second


def test_reserve_queues_presses_instead_of_dropping_them() -> None:
    clock = Clock()
    throttle = Throttle(3, 2.0, clock=clock)
    waits = [throttle.reserve(1, max_wait=2.0) for _ in range(6)]
    # Three at once, then one every half second, each behind the one before.
    assert waits == [0.0, 0.0, 0.0, 0.5, 1.0, 1.5]
    assert throttle.reserve(1, max_wait=1.0) is None  # would wait 2 s: refused, not taken
    assert throttle.dropped == 1
    clock.now += 2.0  # four tokens refilled, three of them owed to the queue
    assert throttle.reserve(1, max_wait=0.0) == 0.0
    assert throttle.reserve(2, max_wait=0.0) == 0.0  # somebody else is not held up


def test_buttons_have_their_own_wider_budget() -> None:
    throttles = Throttles.default()
    assert throttles.buttons is not throttles.messages
    assert throttles.buttons.burst >= 8  # eight quick taps pass without waiting
