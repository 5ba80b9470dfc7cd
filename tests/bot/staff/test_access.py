"""The one staff gate (cagbot.bot.staff.access.gate): every staff button and command asks
it, with the pressing user's role now. Staff pass; partner editors pass only where they may
draft; anyone else gets the short staff-only answer, and nothing happens."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pytest

from cagbot.bot.context import BotContext
from cagbot.bot.staff.access import role_of_user
from cagbot.callbacks import encode
from cagbot.i18n import I18n
from tests.e2e.conftest import STAFF_ID, Bot

EDITOR_ID = 900_002
EN = I18n.load().get("en")
REFUSAL = EN.gettext("Sorry, this command is only for CAG staff.")
EXPIRED = EN.gettext("This button has expired. Please send the command again.")

#: One button of each staff kind: (callback_data, whether editors may press it).
BUTTONS = [
    (encode("bc", "0123abcd", "go"), True),  # a broadcast draft's (editors may compose)
    (encode("cf", "0123abcd", "x"), True),  # a /newcall form's
    (encode("bq", 1, "p"), False),  # pause a broadcast going out
    (encode("bp", 1, "ok"), False),  # approve a planned broadcast
    (encode("cs", 1, "cl"), False),  # close a call
    (encode("ca", 1, "ok"), False),  # approve an editor's call
]


@pytest.mark.parametrize(("data", "editors"), BUTTONS)
@pytest.mark.bot_settings(editor_ids=frozenset({EDITOR_ID}))
async def test_every_staff_button_passes_the_one_gate(bot: Bot, data: str, editors: bool) -> None:
    stranger, editor = bot.user(), bot.user(user_id=EDITOR_ID)
    somewhere = await bot.say(stranger, "/help")
    assert (await bot.forge(stranger, somewhere, data)).get("text") == REFUSAL
    # An editor passes the gate of a draft's button (this draft is gone: "expired") and is
    # refused at every staff-only one.
    mine = await bot.say(editor, "/help")
    answer = await bot.forge(editor, mine, data)
    assert answer.get("text") == (EXPIRED if editors else REFUSAL)
    await bot.settle()
    store = bot.app.bot_data.store
    assert await store.outbox.broadcasts() == []
    assert await store.calls.all() == []
    assert await store.audit.entries() == []


@pytest.mark.bot_settings(editor_ids=frozenset({EDITOR_ID}))
async def test_commands_ask_the_same_gate(bot: Bot) -> None:
    editor = bot.user(user_id=EDITOR_ID)
    assert (await bot.say(editor, "/broadcasts")).text == REFUSAL
    assert (await bot.say(editor, "/calls")).text == REFUSAL
    assert REFUSAL not in ((await bot.say(editor, "/broadcast")).text or "")


@pytest.mark.bot_settings(editor_ids=frozenset({EDITOR_ID}))
async def test_the_role_is_read_from_the_settings_now(bot: Bot) -> None:
    context = cast(BotContext, SimpleNamespace(services=bot.app.bot_data))
    assert role_of_user(context, STAFF_ID) == "staff"
    assert role_of_user(context, EDITOR_ID) == "editor"
    assert role_of_user(context, 1) is None
