"""The handler's kit: paging kept within the pages there are, the ◀ n/N ▶ row, numbered
entries five to a row, and every button's data through the one codec."""

from __future__ import annotations

from cagbot import callbacks
from cagbot.bot import kit
from cagbot.i18n import I18n
from tests.helpers.markup import data, labels

EN = I18n.load().get("en")


def test_a_page_is_kept_within_the_pages_there_are() -> None:
    assert kit.page_bounds(0, 0, 4) == (0, 1)  # an empty list still shows its one page
    assert kit.page_bounds(1, 9, 4) == (1, 3)
    assert kit.page_bounds(7, 9, 4) == (2, 3)  # a stale ▶ past the end: the last page
    assert kit.page_bounds(-1, 9, 4) == (0, 3)


def test_the_pager_edits_in_place_and_its_middle_does_nothing() -> None:
    assert kit.pager("lat", 0, 1) == []
    row = kit.pager("opp", 1, 3, "all")
    assert [button.text for button in row] == ["◀", "2/3", "▶"]
    assert [button.callback_data for button in row] == [
        callbacks.encode("opp", "all", 0),
        callbacks.encode("noop"),
        callbacks.encode("opp", "all", 2),
    ]


def test_entries_are_numbered_five_to_a_row_and_every_view_leads_to_the_menu() -> None:
    markup = kit.with_menu(kit.numbers("post", [11, 12, 13, 14, 15, 16], first=4), EN)
    assert labels(markup) == [["4", "5", "6", "7", "8"], ["9"], ["☰ Menu"]]
    assert data(markup)[0] == callbacks.encode("post", 11)
    assert data(markup)[-1] == callbacks.encode("menu")
