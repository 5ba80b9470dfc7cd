"""Keyboards: the deadline reminder toggle on detail views and list entries."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from cagbot.bot import callbacks, keyboards
from cagbot.i18n import I18n

SV = I18n.load().get("sv")


def _labels(markup: InlineKeyboardMarkup | None) -> list[list[str]]:
    assert markup is not None
    return [[button.text for button in row] for row in markup.inline_keyboard]


def test_detail_view_offers_the_toggle_only_when_asked() -> None:
    offered = keyboards.post_detail(SV, 42, "https://centralasien.se/x", False)
    assert _labels(offered) == [["🔔 Påminn mig"], ["Öppna på webbplatsen"]]
    assert offered is not None
    assert offered.inline_keyboard[0][0].callback_data == callbacks.encode("rem", "on", 42, "d")
    assert keyboards.post_detail(SV, 42, None, None) is None
    assert _labels(keyboards.post_detail(SV, 42, None, True)) == [["🔕 Påminn mig inte"]]


def test_toggling_flips_only_that_posts_button() -> None:
    listing = keyboards.opportunity_filters(SV, "all", 0, 2, [(1, 10, False), (3, 30, True)])
    flipped = keyboards.with_reminder(SV, listing, 10, "1", True)
    rows = _labels(flipped)
    assert ["🔕 1", "🔕 3"] in rows
    assert _labels(listing)[:2] == rows[:2]  # filters kept
    assert rows[-1] == _labels(listing)[-1]  # paging kept
    data = [b.callback_data for row in flipped.inline_keyboard for b in row]
    assert callbacks.encode("rem", "off", 10, "1") in data
    assert callbacks.encode("rem", "off", 30, "3") in data
    # A toggle for another post, or the same post's detail button, is left alone.
    assert keyboards.with_reminder(SV, listing, 10, "d", True) == listing
