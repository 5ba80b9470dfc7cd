"""The shared keyboards: the main menu."""

from __future__ import annotations

from cagbot import callbacks
from cagbot.bot import keyboards
from cagbot.i18n import I18n
from tests.helpers.markup import data as _data

EN = I18n.load().get("en")


def test_private_menu_has_every_entry_and_a_groups_no_admin_controls() -> None:
    private = _data(keyboards.main_menu(EN))
    assert callbacks.encode("opp", "all", 0) in private
    assert callbacks.encode("lat", 0) in private
    for entry in ("find", "sub", "lang", "set"):
        assert callbacks.encode("go", entry) in private
    group = _data(keyboards.main_menu(EN, group=True))
    assert callbacks.encode("go", "sub") not in group
    assert callbacks.encode("go", "set") not in group
    assert callbacks.encode("opp", "all", 0) in group
