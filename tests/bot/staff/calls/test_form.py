"""The /newcall conversation's table: each state the form asks in offers only buttons
that state (or cancel) acts on, and every state the form can be saved in has a row."""

from __future__ import annotations

from typing import Any

import pytest

from cagbot.bot.staff.calls.form import STEPS, _question
from cagbot.callbacks import decode
from cagbot.i18n import I18n
from cagbot.settings import LANGUAGES

T = I18n.load().get("sv")


@pytest.mark.parametrize(
    "form",
    [
        {"step": "type"},
        {"step": "field", "lang": 0, "field": 0},  # a title: the language may be skipped
        {"step": "field", "lang": len(LANGUAGES) - 1, "field": 3},
        {"step": "deadline"},
        {"step": "apply"},
    ],
)
def test_each_question_offers_the_buttons_its_state_acts_on(form: dict[str, Any]) -> None:
    form = {"token": "0123abcd", **form}
    _, markup = _question(T, form)
    for row in markup.inline_keyboard:
        for button in row:
            pressed = decode(str(button.callback_data))
            assert pressed is not None
            assert pressed.action == "cf"
            assert pressed.args[0] == "0123abcd"
            action = pressed.args[1].split("-", 1)[0]
            assert action == "x" or action in STEPS[form["step"]].buttons, action


def test_every_state_of_the_form_has_a_row() -> None:
    # The states the form writes (calls.form and the staff view in calls.actions).
    written = {"type", "field", "deadline", "apply", "preview", "edit_value", "move_deadline"}
    assert set(STEPS) == written
    # Where a button is expected, a typed message is answered with what is wanted.
    assert {name for name, step in STEPS.items() if step.typed is None} == {"type", "preview"}
