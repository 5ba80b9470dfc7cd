"""Staff buttons still on screen from before the one button protocol (``bc|…``, ``bq|…``,
``bp|…``, ``cs|…``, ``ca|…``, ``cf|…`` without a version) get the polite "expired" answer,
in the presser's language, and do nothing: no traceback (the bot fixture fails a test on
any logged error), no change in the database."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from tests.e2e.conftest import STAFF_ID, Bot

OLD = [
    "bc|0123abcd|go",
    "bc|0123abcd|z-bis",
    "bq|1|p",
    "bp|1|ok",
    "bp|1|x",
    "cs|1|cl",
    "cs|1|ef-ru-title",
    "ca|1|ok",
    "cf|0123abcd|x",
]


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_an_old_staff_button_gets_a_polite_expired_answer(bot: Bot, language: str) -> None:
    expired = (
        I18n.load().get(language).gettext("This button has expired. Please send the command again.")
    )
    staff, stranger = bot.user(language, user_id=STAFF_ID), bot.user(language)
    # A draft is open: an old button of it (the emulator "forges" one no longer shown)
    # must not act on it.
    mine = await bot.say(staff, "/broadcast")
    theirs = await bot.say(stranger, "/help")
    for data in OLD:
        assert (await bot.forge(staff, mine, data)).get("text") == expired, data
        assert (await bot.forge(stranger, theirs, data)).get("text") == expired, data
    await bot.settle()
    store = bot.app.bot_data.store
    assert await store.outbox.broadcasts() == []
    assert await store.schedules.open() == []
    assert await store.audit.entries() == []
