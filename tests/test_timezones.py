"""Time zones: defaults from the language, local dates and times, the offset labels."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cagbot.i18n import I18n
from cagbot.timezones import CHOICES, DEFAULT_ZONES, is_valid, utc_offset, zone_name
from cagbot.views import zone_label

EVENING_UTC = datetime(2026, 9, 1, 20, 30, tzinfo=UTC)  # 02:30 next day in Bishkek


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n.load()


def test_each_language_has_a_default_zone() -> None:
    assert DEFAULT_ZONES == {
        "ru": "Asia/Bishkek",
        "sv": "Europe/Stockholm",
        "en": "Europe/Stockholm",
    }
    assert zone_name(None, "ru") == "Asia/Bishkek"
    assert zone_name("Asia/Almaty", "ru") == "Asia/Almaty"
    assert zone_name("Mars/Olympus", "sv") == "Europe/Stockholm"  # a bad row never breaks
    assert zone_name(None, "de") == "UTC"
    assert all(is_valid(name) for name in CHOICES)


def test_a_reader_in_bishkek_sees_local_dates_and_times(i18n: I18n) -> None:
    ru = i18n.get("ru")
    assert ru.time_zone == "Asia/Bishkek"
    assert ru.format_time(EVENING_UTC) == "02:30"
    assert ru.format_date(EVENING_UTC) == "2 сентября 2026\u202fг."  # already the next day
    sv = i18n.get("sv")
    assert sv.format_time(EVENING_UTC) == "22:30"
    assert sv.format_date(EVENING_UTC) == "1 september 2026"
    moved = ru.in_zone("Europe/Stockholm")
    assert moved.format_time(EVENING_UTC) == "22:30"
    assert moved.gettext("Saved") == "Сохранено"  # same language, other zone
    assert ru.in_zone(None) is ru


def test_zone_labels_are_in_the_readers_language(i18n: I18n) -> None:
    assert zone_label(i18n.get("ru"), "Asia/Bishkek", EVENING_UTC) == "Бишкек (UTC+6)"
    assert zone_label(i18n.get("sv"), "Europe/Stockholm", EVENING_UTC) == "Stockholm (UTC+2)"
    assert utc_offset("UTC", EVENING_UTC) == "UTC"
    assert utc_offset("Asia/Kolkata", EVENING_UTC) == "UTC+5:30"
