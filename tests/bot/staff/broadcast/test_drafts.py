"""The draft's buttons: each is a ``bc`` button of the one callback codec, within Telegram's
64 bytes, and each has a step in the conversation's table."""

from __future__ import annotations

from cagbot.bot.staff.broadcast import drafts
from cagbot.bot.staff.broadcast.compose import ACTIONS
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from tests.helpers.markup import pressed as _pressed

T = I18n.load().get("ru")
TOKEN = "0123abcd"


def test_every_draft_button_is_a_bc_button_with_a_step() -> None:
    markups = [
        drafts.ask_common(T, TOKEN),
        drafts.ask_common(T, TOKEN, poll=True),
        drafts.ask_language(T, TOKEN),
        drafts.only_cancel(T, TOKEN),
        drafts.audience(T, TOKEN),
        drafts.topics(T, TOKEN, load_lexicon()),
        drafts.confirm(T, TOKEN, 12, editor=False),
        drafts.confirm(T, TOKEN, 12, editor=True),
    ]
    actions = set()
    for markup in markups:
        for pressed in _pressed(markup):
            assert pressed.action == "bc"
            assert pressed.args[0] == TOKEN
            actions.add(pressed.args[1].split("-", 1)[0])
    # Every step of the table is offered by some keyboard, and every offered one has a step.
    assert actions == set(ACTIONS)
