"""A broadcast going out: its pause/resume/cancel buttons follow its state."""

from __future__ import annotations

from cagbot.bot.staff.broadcast import sending
from cagbot.i18n import I18n
from cagbot.records import BroadcastReport
from tests.helpers.markup import pressed as _pressed

T = I18n.load().get("ru")


def test_controls_follow_the_state_and_vanish_when_it_is_over() -> None:
    running = BroadcastReport(7, 10, 3, 0, 0, 7)
    paused = BroadcastReport(7, 10, 3, 0, 0, 7, state="paused")
    assert [p.args for p in _pressed(sending.control_keyboard(T, running))] == [
        ("7", "p"),
        ("7", "x"),
    ]
    assert [p.args for p in _pressed(sending.control_keyboard(T, paused))] == [
        ("7", "r"),
        ("7", "x"),
    ]
    assert sending.control_keyboard(T, BroadcastReport(7, 10, 10, 0, 0, 0, state="done")) is None
