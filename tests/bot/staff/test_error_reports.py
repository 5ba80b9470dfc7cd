"""Error reports to the staff chat: only with CAGBOT_STAFF_CHAT_ID; errors logged by cagbot
while the reports run are counted and go out as one summary, in the bot's default language;
nothing to report, nothing sent; after stop, nothing is counted."""

from __future__ import annotations

import logging

import pytest

from cagbot.bot.staff.error_reports import ErrorReports
from cagbot.i18n import I18n
from tests.e2e.conftest import Bot

STAFF_CHAT = -100_555
EN = I18n.load().get("en")


async def test_without_a_staff_chat_there_are_no_reports(bot: Bot) -> None:
    assert bot.app.bot_data.error_reports is None


@pytest.mark.bot_settings(staff_chat_id=STAFF_CHAT)
async def test_with_a_staff_chat_the_bot_reports(bot: Bot) -> None:
    assert isinstance(bot.app.bot_data.error_reports, ErrorReports)
    assert bot.app.bot_data.error_reports.chat_id == STAFF_CHAT


async def test_errors_while_running_are_summarised_once(bot: Bot) -> None:
    group = bot.emu.add_group("CAG staff", supergroup=True)
    reports = ErrorReports(bot.app, group.id)
    logging.getLogger("cagbot.test").error("before the start: not counted")
    await reports.start(bot.app)
    try:
        assert not await reports.flush()  # nothing yet
        for _ in range(3):
            logging.getLogger("cagbot.test").error("three times")
    finally:
        await reports.stop(bot.app)
    logging.getLogger("cagbot.test").error("after the stop: not counted")
    assert await reports.flush()
    summary = (await bot.emu.next_message(group.id)).text or ""
    assert EN.gettext("Details are in the bot's log.") in summary
    assert "3 times" in summary
    assert not await reports.flush()
    bot.errors.clear()  # logged on purpose
