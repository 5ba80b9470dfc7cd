"""The quiet window: wrapping midnight, a window within one day, DST nights in Stockholm,
Bishkek (no DST), and what each mode decides for each kind of message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cagbot.quiet_hours import (
    MODES,
    RING,
    Decision,
    QuietHours,
    decide,
    in_window,
    window_end,
)


def _utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> float:
    return datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("hour", "inside"),
    [(21, False), (22, True), (23, True), (0, True), (3, True), (7, True), (8, False), (12, False)],
)
def test_the_default_window_wraps_midnight(hour: int, inside: bool) -> None:
    assert in_window(datetime(2026, 12, 8, hour, 30), 22, 8) is inside


def test_a_window_within_one_day_and_an_empty_one() -> None:
    assert in_window(datetime(2026, 12, 8, 1, 0), 0, 6)
    assert not in_window(datetime(2026, 12, 8, 6, 0), 0, 6)
    assert not in_window(datetime(2026, 12, 8, 23, 0), 0, 6)
    assert not any(in_window(datetime(2026, 12, 8, h, 0), 7, 7) for h in range(24))


def test_bishkek_night_ends_at_eight_local_whether_before_or_after_midnight() -> None:
    # Bishkek is UTC+6 all year: 23:30 local on the 7th is 17:30 UTC; 08:00 on the 8th is 02:00 UTC.
    assert window_end(_utc(2026, 12, 7, 17, 30), "Asia/Bishkek", 22, 8) == _utc(2026, 12, 8, 2)
    # 03:00 local on the 8th (21:00 UTC on the 7th): the same morning.
    assert window_end(_utc(2026, 12, 7, 21, 0), "Asia/Bishkek", 22, 8) == _utc(2026, 12, 8, 2)
    # 08:00 local sharp and noon: not night.
    assert window_end(_utc(2026, 12, 8, 2, 0), "Asia/Bishkek", 22, 8) is None
    assert window_end(_utc(2026, 12, 8, 6, 0), "Asia/Bishkek", 22, 8) is None


def test_stockholm_spring_night_is_an_hour_shorter_and_ends_at_eight_summer_time() -> None:
    # 29 March 2026: clocks go 02:00 -> 03:00. 22:00 CET on the 28th is 21:00 UTC; the
    # night ends at 08:00 CEST = 06:00 UTC: nine real hours, not ten.
    start = _utc(2026, 3, 28, 21, 0)
    end = window_end(start, "Europe/Stockholm", 22, 8)
    assert end == _utc(2026, 3, 29, 6, 0)
    assert end is not None
    assert end - start == 9 * 3600
    # Inside the skipped hour's neighbourhood (03:30 CEST = 01:30 UTC) the same end.
    assert window_end(_utc(2026, 3, 29, 1, 30), "Europe/Stockholm", 22, 8) == end


def test_stockholm_autumn_night_is_an_hour_longer() -> None:
    # 25 October 2026: 03:00 CEST -> 02:00 CET. 22:00 CEST on the 24th = 20:00 UTC; 08:00
    # CET on the 25th = 07:00 UTC: eleven real hours.
    start = _utc(2026, 10, 24, 20, 0)
    end = window_end(start, "Europe/Stockholm", 22, 8)
    assert end == _utc(2026, 10, 25, 7, 0)
    # The repeated hour 02:xx (both of them) lies in the night.
    assert window_end(_utc(2026, 10, 25, 0, 30), "Europe/Stockholm", 22, 8) == end
    assert window_end(_utc(2026, 10, 25, 1, 30), "Europe/Stockholm", 22, 8) == end


NIGHT_BISHKEK = _utc(2026, 12, 7, 21, 0)  # 03:00 in Bishkek
DAY_BISHKEK = _utc(2026, 12, 8, 6, 0)  # 12:00 in Bishkek
MORNING_BISHKEK = _utc(2026, 12, 8, 2, 0)  # 08:00


@pytest.mark.parametrize("kind", ["post", "opportunity", "reminder", "broadcast", "digest"])
def test_silent_mode_sends_at_night_without_sound_and_rings_by_day(kind: str) -> None:
    quiet = QuietHours("silent", 22, 8)
    assert decide(NIGHT_BISHKEK, "Asia/Bishkek", quiet, kind=kind) == Decision(silent=True)
    assert decide(DAY_BISHKEK, "Asia/Bishkek", quiet, kind=kind) == RING


def test_hold_mode_keeps_a_night_message_until_the_morning() -> None:
    quiet = QuietHours("hold", 22, 8)
    decision = decide(NIGHT_BISHKEK, "Asia/Bishkek", quiet, kind="post")
    assert decision == Decision(hold_until=MORNING_BISHKEK)
    assert decide(DAY_BISHKEK, "Asia/Bishkek", quiet, kind="post") == RING


def test_off_rings_at_night_except_a_digest() -> None:
    quiet = QuietHours("off", 22, 8)
    assert decide(NIGHT_BISHKEK, "Asia/Bishkek", quiet, kind="post") == RING
    # Digests never ring at night, whatever the setting: the default night applies.
    assert decide(NIGHT_BISHKEK, "Asia/Bishkek", quiet, kind="digest") == Decision(silent=True)
    assert decide(DAY_BISHKEK, "Asia/Bishkek", quiet, kind="digest") == RING


def test_an_urgent_broadcast_rings_at_night_in_every_mode() -> None:
    for mode in MODES:
        quiet = QuietHours(mode, 22, 8)
        assert decide(NIGHT_BISHKEK, "Asia/Bishkek", quiet, kind="broadcast", urgent=True) == RING


def test_a_chosen_window_and_a_chat_without_settings() -> None:
    # 03:00 in Bishkek is outside a 00:00-02:00 night, inside 23:00-06:00.
    assert decide(NIGHT_BISHKEK, "Asia/Bishkek", QuietHours("hold", 0, 2), kind="post") == RING
    held = decide(NIGHT_BISHKEK, "Asia/Bishkek", QuietHours("hold", 23, 6), kind="post")
    assert held == Decision(hold_until=_utc(2026, 12, 8, 0, 0))
    assert decide(NIGHT_BISHKEK, "Asia/Bishkek", None, kind="post") == RING
