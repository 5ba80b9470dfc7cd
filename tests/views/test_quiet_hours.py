"""The quiet hours screen under /settings and its line in /mydata: the window in the
reader's zone, what happens at night in each mode, that urgent broadcasts still ring."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cagbot.i18n import I18n
from cagbot.quiet_hours import QuietHours
from cagbot.views.quiet_hours import hour, quiet_hours_line, quiet_hours_screen, quiet_mode_label

WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def test_hours_are_written_on_the_24_hour_clock() -> None:
    assert [hour(h) for h in (0, 8, 22)] == ["00:00", "08:00", "22:00"]


def test_each_mode_has_its_own_phrase(i18n: I18n) -> None:
    en = i18n.get("en")
    assert [quiet_mode_label(en, m) for m in ("silent", "hold", "off")] == [
        "silent",
        "held until morning",
        "off",
    ]
    ru = i18n.get("ru")
    assert len({quiet_mode_label(ru, m) for m in ("silent", "hold", "off")}) == 3


def test_the_mydata_line_names_the_window_and_the_mode(i18n: I18n) -> None:
    quiet = QuietHours(mode="hold", start=23, end=7)
    assert quiet_hours_line(i18n.get("en"), quiet) == "Quiet hours: 23:00–07:00, held until morning"
    assert quiet_hours_line(i18n.get("ru"), quiet) == (
        "Тихие часы: 23:00–07:00, откладываются до утра"
    )


NIGHT = {
    "silent": "At night notifications arrive without sound.",
    "hold": "At night notifications wait until 07:00.",
    "off": "Quiet hours are off: notifications ring at any hour.",
}


@pytest.mark.parametrize("mode", sorted(NIGHT))
def test_the_screen_says_what_happens_at_night_in_the_readers_zone(i18n: I18n, mode: str) -> None:
    t = i18n.get("en").in_zone("Asia/Bishkek")
    text = quiet_hours_screen(t, QuietHours(mode=mode, start=23, end=7), WINTER)  # type: ignore[arg-type]
    lines = text.split("\n")
    assert lines[0] == "<b>🌙 Quiet hours: 23:00–07:00, your time (Bishkek (UTC+6))</b>"
    assert [other for other, night in NIGHT.items() if night in text] == [mode]
    assert "Only urgent broadcasts from CAG staff ring at night." in lines


def test_the_screen_is_html_safe(i18n: I18n) -> None:
    text = quiet_hours_screen(i18n.get("sv"), QuietHours(), WINTER)
    assert text.count("<b>") == text.count("</b>") == 1
    assert "Stockholm (UTC+1)" in text  # a Swedish reader's default zone, winter time
