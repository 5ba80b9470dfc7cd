"""/opportunities' list keyboard: type filters, numbered entries, paging."""

from __future__ import annotations

from cagbot import callbacks
from cagbot.bot import opportunities
from cagbot.i18n import I18n
from tests.helpers.markup import data as _data
from tests.helpers.markup import labels as _labels

EN = I18n.load().get("en")


def test_opportunity_entries_are_numbered_across_pages() -> None:
    page_two = opportunities.keyboard(EN, "all", 1, 2, [50], first_number=5)
    labels = _labels(page_two)
    assert ["5"] in labels  # the fifth call, not a second "1"
    assert callbacks.encode("od", 50, "all", 1) in _data(page_two)
    assert labels[-1] == ["☰ Menu"]
