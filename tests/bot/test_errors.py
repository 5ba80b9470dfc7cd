"""The global error handler: a bug is logged with its traceback and the person hears a
localized apology; network trouble is a warning, not a bug; a person who blocked the bot
gets nothing."""

from __future__ import annotations

import logging

import pytest
from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import CommandHandler

from cagbot import views
from cagbot.bot.context import BotContext
from cagbot.bot.errors import is_transient
from cagbot.devserver import SimUser
from cagbot.i18n import I18n
from tests.e2e.conftest import Bot

I18N = I18n.load()
#: A handler group no feature uses (cagbot.bot.handler_groups), so nothing answers first.
UNUSED_GROUP = -20


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (RetryAfter(3), True),
        (TimedOut(), True),
        (NetworkError("connection reset"), True),
        (BadRequest("Bad Request: message text is empty"), False),
        (KeyError("x"), False),
        (None, False),
    ],
)
def test_what_counts_as_network_trouble(error: BaseException | None, transient: bool) -> None:
    assert is_transient(error) is transient


def failing(error: Exception):  # type: ignore[no-untyped-def]
    async def handler(update: Update, context: BotContext) -> None:
        raise error

    return handler


async def said(bot: Bot, user: SimUser, text: str) -> list[str | None]:
    """What the bot sent ``user`` after ``text`` (the /boom handlers run in a group of their
    own, so the fallback's "unknown command" may come too, in either order)."""
    bot.emu.send_text(user, text)
    await bot.settle()
    return [message.text for message in bot.emu.messages(user.id)]


async def test_a_bug_is_logged_with_its_traceback_and_the_person_hears_an_apology(
    bot: Bot,
) -> None:
    bot.app.add_handler(CommandHandler("boom", failing(KeyError("bug"))), group=UNUSED_GROUP)
    user = bot.user("ru")
    assert views.something_went_wrong(I18N.get("ru")) in await said(bot, user, "/boom")
    (record,) = bot.errors
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    bot.errors.clear()  # the error was the point of this test


async def test_network_trouble_is_a_warning_and_the_person_still_hears(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.app.add_handler(CommandHandler("boom", failing(TimedOut())), group=UNUSED_GROUP)
    user = bot.user("en")
    with caplog.at_level(logging.WARNING, logger="cagbot.bot.errors"):
        texts = await said(bot, user, "/boom")
    assert views.something_went_wrong(I18N.get("en")) in texts
    assert bot.errors == []  # not a bug
    assert [r.levelno for r in caplog.records if r.name == "cagbot.bot.errors"] == [logging.WARNING]


async def test_a_person_who_blocked_the_bot_gets_no_apology(bot: Bot) -> None:
    bot.app.add_handler(
        CommandHandler("boom", failing(Forbidden("Forbidden: bot was blocked by the user"))),
        group=UNUSED_GROUP,
    )
    user = bot.user("en")
    assert views.something_went_wrong(I18N.get("en")) not in await said(bot, user, "/boom")
    assert bot.errors == []
