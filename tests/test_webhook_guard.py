"""The webhook's guards on their own: throttled warnings, update id memory, JSON depth."""

from __future__ import annotations

import json
import logging

import pytest

from cagbot.webhook_guard import MAX_JSON_DEPTH, RecentIds, Throttled, too_deep


def test_one_warning_per_cause_per_interval_then_a_count_of_the_rest(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [0.0]
    throttled = Throttled(logging.getLogger("cagbot.test"), interval=60, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="cagbot.test"):
        for _ in range(100):
            throttled.warning("body is not JSON")
        throttled.warning("wrong or missing secret token")
        now[0] = 61.0
        throttled.warning("body is not JSON")
    assert [r.getMessage() for r in caplog.records] == [
        "webhook: body is not JSON",
        "webhook: wrong or missing secret token",
        "webhook: body is not JSON; 99 more like it since the last report",
    ]
    assert all(r.levelno == logging.WARNING and not r.exc_info for r in caplog.records)
    assert throttled.counts["body is not JSON"] == 101


def test_recent_ids_answer_once_and_forget_the_oldest() -> None:
    ids = RecentIds(capacity=3)
    assert [ids.first_time(n) for n in (1, 2, 1, 3, 4)] == [True, True, False, True, True]
    assert ids.first_time(1)  # forgotten: the oldest of four
    assert not ids.first_time(4)


def test_depth_is_measured_without_recursion() -> None:
    update = {"update_id": 1, "message": {"reply_markup": {"inline_keyboard": [[{"text": "x"}]]}}}
    assert not too_deep(update)
    assert not too_deep(json.loads("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH))
    assert too_deep(json.loads("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)))
    deep: list[object] = []
    for _ in range(50_000):  # deeper than Python's recursion limit
        deep = [deep]
    assert too_deep({"update_id": 1, "x": deep})
