"""Planned broadcasts: the approval and /broadcasts buttons name the planned broadcast."""

from __future__ import annotations

from cagbot.bot.staff.broadcast import planned
from cagbot.i18n import I18n
from cagbot.records import BroadcastReport
from cagbot.store.audience import Audience
from cagbot.store.schedules import Planned
from tests.helpers.markup import pressed as _pressed

T = I18n.load().get("ru")


def test_approval_and_overview_buttons_name_the_planned_broadcast() -> None:
    assert [(p.action, p.args) for p in _pressed(planned.approval_keyboard(T, 5))] == [
        ("bp", ("5", "ok")),
        ("bp", ("5", "no")),
    ]
    plan = Planned(5, 1, None, {"en": "Hi"}, None, Audience(), None, None, "awaiting", None)
    running = BroadcastReport(9, 10, 3, 0, 0, 7)
    overview = _pressed(planned.overview_keyboard(T, [plan], [running]))
    assert [(p.action, p.args) for p in overview] == [
        ("bp", ("5", "x")),
        ("bq", ("9", "p")),
        ("bq", ("9", "x")),
    ]
    assert planned.overview_keyboard(T, [], []) is None
