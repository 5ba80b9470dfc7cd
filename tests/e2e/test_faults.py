"""Telegram and the network misbehaving: 5xx, timeouts, 429s and dropped connections on
getUpdates and sendMessage. The bot keeps polling and answering, tells the person when an
answer got lost, and logs the trouble as a warning, never an ERROR or a traceback to a user."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from cagbot.i18n import I18n
from tests.e2e.conftest import Bot

EN = I18n.load().get("en")
APOLOGY = EN.gettext("Sorry, something went wrong on my side. Please try again later.")
HELP = EN.gettext("What I can do")


@pytest.fixture
def warnings() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.WARNING)
    logger = logging.getLogger("cagbot.bot.errors")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


async def _help_arrives(bot: Bot, user_id: int) -> None:
    answer = await bot.emu.next_message(user_id, timeout=15)
    assert HELP in (answer.text or "")


@pytest.mark.bot_client(read_timeout=0.5)
async def test_faults_on_polling_and_sending_do_not_stop_the_bot(
    bot: Bot, warnings: list[logging.LogRecord]
) -> None:
    emu, faults = bot.emu, bot.emu.faults
    user = bot.user("en")
    await bot.say(user, "/start")

    # getUpdates: a 5xx, a dropped connection, a 429; each time polling resumes.
    for inject in (
        lambda: faults.script("getUpdates", error_code=502),
        lambda: faults.drop_connections("getUpdates"),
        lambda: faults.script("getUpdates", error_code=429, retry_after=1),
    ):
        inject()
        await emu.wait_for(
            lambda: all(f.times <= 0 for f in faults.scripted) and not any(faults.drops.values()),
            timeout=10,
        )
        emu.send_text(user, "/help")
        await _help_arrives(bot, user.id)

    # sendMessage 429s: the rate limiter waits retry_after and retries; the answer arrives.
    faults.script("sendMessage", chat_id=user.id, error_code=429, retry_after=1, times=2)
    assert HELP in ((await bot.say(user, "/help")).text or "")

    # A 5xx and a dropped connection lose the answer: the person hears so.
    faults.script("sendMessage", chat_id=user.id, error_code=500)
    assert (await bot.say(user, "/help")).text == APOLOGY
    faults.drop_connections("sendMessage")
    assert (await bot.say(user, "/help")).text == APOLOGY

    # A send slower than the client's read timeout: Telegram still delivers it late.
    faults.delay("sendMessage", 1.0)
    emu.send_text(user, "/help")
    await emu.wait_for(lambda: any("TimedOut" in r.getMessage() for r in warnings), timeout=10)
    faults.delay("sendMessage", 0)
    late = [await emu.next_message(user.id, timeout=10) for _ in range(2)]
    assert sorted((m.text or "")[:10] for m in late) == sorted([APOLOGY[:10], HELP[:10]])

    # Random 5xx on a third of the sends while five people talk; then all is well again.
    faults.random_5xx(0.33, seed=7)
    people = [bot.user("en") for _ in range(5)]
    for person in people:
        for _ in range(4):
            emu.send_text(person, "/help")
    await bot.settle()
    faults.clear()
    welcome = EN.gettext("👋 Welcome to the bot of Centralasiengrupperna (CAG)!")
    for person in [*people, user]:
        emu.send_text(person, "/start")
        await emu.wait_for(
            lambda p=person: any(welcome in (m.text or "") for m in emu.messages(p.id))
        )

    injected = emu.stats.faults_injected + emu.stats.flood_429
    print(f"\nfaults injected: {injected} ({emu.stats.flood_429} of them 429s)")
    assert injected >= 8
    assert any("network trouble" in r.getMessage() for r in warnings)
    # No ERROR (checked by the harness) and no traceback: warnings carry no exc_info.
    assert all(r.exc_info is None for r in warnings)
