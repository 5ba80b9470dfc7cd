"""The local times staff write for a scheduled broadcast: the forms they use, this year or
the next, today or tomorrow, and the times refused as unreadable or past."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cagbot.notify.when import WhenError, parse_when


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24.12.2026 18:00", datetime(2026, 12, 24, 18, 0)),
        ("2026-12-24 18:00", datetime(2026, 12, 24, 18, 0)),
        ("2026-12-24T18.30", datetime(2026, 12, 24, 18, 30)),
        ("24/12/2026 19:05", datetime(2026, 12, 24, 19, 5)),
        ("25.12 10:00", datetime(2026, 12, 25, 10, 0)),
        ("13:00", datetime(2026, 12, 24, 13, 0)),
        ("11:00", datetime(2026, 12, 25, 11, 0)),  # passed today: tomorrow
    ],
)
def test_local_times_staff_write(text: str, expected: datetime) -> None:
    zone = "Asia/Bishkek"
    now = datetime(2026, 12, 24, 12, 0, tzinfo=ZoneInfo(zone)).timestamp()
    when = parse_when(text, zone, now)
    assert when.local.replace(tzinfo=None) == expected
    assert when.at == expected.replace(tzinfo=ZoneInfo(zone)).timestamp()


@pytest.mark.parametrize(
    ("text", "reason"),
    [("24.12.2026 11:00", "past"), ("31.02.2027 10:00", "unreadable"), ("soon", "unreadable")],
)
def test_times_refused(text: str, reason: str) -> None:
    now = datetime(2026, 12, 24, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm")).timestamp()
    with pytest.raises(WhenError) as raised:
        parse_when(text, "Europe/Stockholm", now)
    assert raised.value.reason == reason


def test_a_day_already_passed_this_year_is_next_years() -> None:
    zone = "Europe/Stockholm"
    now = datetime(2026, 12, 24, 12, 0, tzinfo=ZoneInfo(zone)).timestamp()
    assert parse_when("1.1 09:00", zone, now).local.year == 2027
    assert parse_when(" 2026-12-31 ", zone, now).local.hour == 9  # a date alone: 09:00
