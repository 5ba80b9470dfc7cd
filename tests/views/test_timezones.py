"""The time zone line of /settings and the picker: the reader's city, offset and local time."""

from __future__ import annotations

from datetime import UTC, datetime

from cagbot.i18n import I18n
from cagbot.views.timezones import choose_time_zone, time_zone_line, time_zone_set

EVENING_UTC = datetime(2026, 9, 1, 20, 30, tzinfo=UTC)  # 02:30 next day in Bishkek


def test_the_line_gives_the_city_offset_and_local_time(i18n: I18n) -> None:
    assert (
        time_zone_line(i18n.get("ru"), EVENING_UTC) == "Часовой пояс: Бишкек (UTC+6), сейчас 02:30"
    )
    moved = i18n.get("en").in_zone("Asia/Almaty")
    assert time_zone_line(moved, EVENING_UTC).startswith("Time zone: Almaty (UTC+")


def test_the_picker_shows_the_current_zone_then_asks(i18n: I18n) -> None:
    lines = choose_time_zone(i18n.get("sv"), EVENING_UTC).split("\n")
    assert lines[0] == "Tidszon: Stockholm (UTC+2), nu 22:30"
    assert len(lines) == 2
    assert lines[1].endswith(":")


def test_a_chosen_zone_is_confirmed_in_it(i18n: I18n) -> None:
    t = i18n.get("en").in_zone("Asia/Bishkek")
    assert time_zone_set(t, EVENING_UTC) == "Done. Time zone: Bishkek (UTC+6), now 02:30"
