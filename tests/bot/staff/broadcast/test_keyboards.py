"""The broadcast keyboards: every button is a kind of the one callback codec, within
Telegram's 64 bytes, and each draft button has a step in the conversation's table."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from cagbot.bot.staff.broadcast import keyboards as kb
from cagbot.bot.staff.broadcast.compose import ACTIONS
from cagbot.callbacks import MAX_BYTES, Callback, decode
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.records import BroadcastReport
from cagbot.store.audience import Audience
from cagbot.store.schedules import Planned

T = I18n.load().get("ru")
TOKEN = "0123abcd"


def _pressed(markup: InlineKeyboardMarkup | None) -> list[Callback]:
    assert markup is not None
    found = []
    for row in markup.inline_keyboard:
        for button in row:
            data = button.callback_data
            assert isinstance(data, str)
            assert len(data.encode()) <= MAX_BYTES
            pressed = decode(data)
            assert pressed is not None, data
            found.append(pressed)
    return found


def test_every_draft_button_is_a_bc_button_with_a_step() -> None:
    markups = [
        kb.ask_common(T, TOKEN),
        kb.ask_common(T, TOKEN, poll=True),
        kb.ask_language(T, TOKEN),
        kb.only_cancel(T, TOKEN),
        kb.audience(T, TOKEN),
        kb.topics(T, TOKEN, load_lexicon()),
        kb.confirm(T, TOKEN, 12, editor=False),
        kb.confirm(T, TOKEN, 12, editor=True),
    ]
    actions = set()
    for markup in markups:
        for pressed in _pressed(markup):
            assert pressed.action == "bc"
            assert pressed.args[0] == TOKEN
            actions.add(pressed.args[1].split("-", 1)[0])
    # Every step of the table is offered by some keyboard, and every offered one has a step.
    assert actions == set(ACTIONS)


def test_controls_follow_the_state_and_vanish_when_it_is_over() -> None:
    running = BroadcastReport(7, 10, 3, 0, 0, 7)
    paused = BroadcastReport(7, 10, 3, 0, 0, 7, state="paused")
    assert [p.args for p in _pressed(kb.controls(T, running))] == [("7", "p"), ("7", "x")]
    assert [p.args for p in _pressed(kb.controls(T, paused))] == [("7", "r"), ("7", "x")]
    assert kb.controls(T, BroadcastReport(7, 10, 10, 0, 0, 0, state="done")) is None


def test_approval_and_overview_buttons_name_the_planned_broadcast() -> None:
    assert [(p.action, p.args) for p in _pressed(kb.approval(T, 5))] == [
        ("bp", ("5", "ok")),
        ("bp", ("5", "no")),
    ]
    planned = Planned(5, 1, None, {"en": "Hi"}, None, Audience(), None, None, "awaiting", None)
    running = BroadcastReport(9, 10, 3, 0, 0, 7)
    overview = _pressed(kb.overview(T, [planned], [running]))
    assert [(p.action, p.args) for p in overview] == [
        ("bp", ("5", "x")),
        ("bq", ("9", "p")),
        ("bq", ("9", "x")),
    ]
    assert kb.overview(T, [], []) is None
