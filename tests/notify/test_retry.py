"""Retrying a delivery: exponential back-off with jitter, capped, until the window from the
first failure closes (or an optional cap on attempts is reached)."""

from __future__ import annotations

import pytest

from cagbot.notify.retry import RetryPolicy


def test_retrying_ends_with_the_window_or_the_cap_on_attempts() -> None:
    policy = RetryPolicy(window=3600.0)
    assert not policy.gives_up(attempts=1_000, since=0.0, now=3599.0)
    assert policy.gives_up(attempts=1, since=0.0, now=3600.0)
    capped = RetryPolicy(window=3600.0, max_attempts=3)
    assert not capped.gives_up(attempts=2, since=0.0, now=1.0)
    assert capped.gives_up(attempts=3, since=0.0, now=1.0)


@pytest.mark.parametrize(
    ("attempts", "raw"), [(0, 2.0), (1, 2.0), (2, 4.0), (5, 32.0), (20, 600.0)]
)
def test_the_delay_doubles_up_to_the_cap_within_its_jitter(attempts: int, raw: float) -> None:
    policy = RetryPolicy(base_delay=2.0, max_delay=600.0)
    delays = [policy.delay(attempts) for _ in range(200)]
    assert all(0.8 * raw <= delay <= 1.2 * raw for delay in delays)
    assert len(set(delays)) > 1  # jittered: rows failing together do not retry together
