"""Unexpected errors reach the staff chat as a short summary without personal data."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from cagbot.bot.context import BotContext
from cagbot.bot.staff.error_reports import ErrorReports
from tests.e2e.conftest import Bot


async def _boom(update: Update, context: BotContext) -> None:
    raise KeyError(f"private text {update.effective_user.id if update.effective_user else 0}")


async def test_an_unexpected_error_is_summarised_for_staff(bot: Bot) -> None:
    staff_group = bot.emu.add_group("CAG staff", supergroup=True)
    reports = ErrorReports(bot.app, staff_group.id)
    await reports.start(bot.app)
    # A group no feature uses (cagbot.bot.handler_groups), so nothing takes /boom first.
    bot.app.add_handler(CommandHandler("boom", _boom), group=-20)
    try:
        user = bot.user(language_code="ru")
        for _ in range(2):
            apology = await bot.say(user, "/boom")
            assert apology.text  # the person still gets a localized apology
        await bot.settle()
        assert await reports.flush()
        summary = await bot.emu.next_message(staff_group.id)
    finally:
        await reports.stop(bot.app)
        bot.errors.clear()  # the two errors were the point of this test
    text = summary.text or ""
    assert "KeyError" in text
    assert "2 times" in text
    assert "private text" not in text
    assert str(user.id) not in text
    assert not await reports.flush()  # nothing new to report
