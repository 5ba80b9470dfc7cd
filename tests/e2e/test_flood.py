"""A person flooding the bot is slowed down politely and does not hold anybody else up
(latency figures: bench/flood_bench.py)."""

from __future__ import annotations

import asyncio

import pytest

from cagbot import callbacks
from cagbot.bot.throttle import Throttle, Throttles
from cagbot.i18n import I18n
from tests.e2e.conftest import Bot

I18N = I18n.load()
# Production's client: replies to one private chat paced to about one a second.
pytestmark = pytest.mark.bot_client(pace_private_chats=True)
NOTICE_RU = I18N.get("ru").gettext(
    "You are sending messages faster than I can answer. Please wait a few seconds; "
    "the messages you sent meanwhile were skipped."
)


async def test_a_flood_gets_one_notice_and_others_still_get_answers(bot: Bot) -> None:
    bot.app.bot_data.throttles = Throttles.default()
    emu = bot.emu
    flooder, other = bot.user("ru"), bot.user("sv")
    for second in range(2):  # 100 messages a second for two seconds
        for tick in range(10):
            for n in range(10):
                emu.send_text(flooder, f"стажировка {second} {tick} {n}")
            await asyncio.sleep(0.1)
        if second == 0:
            welcome = await bot.say(other, "/start")  # answered in the middle of the flood
            assert "Välkommen" in (welcome.text or "")
    await bot.settle()
    texts = [message.text or "" for message in emu.messages(flooder.id)]
    assert texts.count(NOTICE_RU) == 1
    answers = len(texts) - 1
    # A burst of 5, then about one a second: nowhere near the 200 sent.
    assert 5 <= answers <= 10, texts
    assert bot.app.bot_data.throttles.messages.dropped >= 190
    assert (await bot.say(other, "/help")).text


async def test_every_press_of_a_button_flood_is_answered(bot: Bot) -> None:
    """Presses are delayed, not dropped; one that would wait too long is still answered."""
    bot.app.bot_data.throttles = Throttles(
        Throttle(1_000, 1_000), Throttle(1_000, 1_000), Throttle(5, 4.0), button_max_wait=1.0
    )
    user = bot.user("en")
    message = await bot.say(user, "/latest")
    noop = callbacks.encode("noop")
    queries = [bot.emu.press(user, message, noop, forge=True) for _ in range(30)]
    await bot.settle()
    answers = [bot.emu.callback_answers.get(query) for query in queries]
    assert None not in answers  # no spinner left turning
    texts = [answer.get("text") for answer in answers if answer is not None]
    # The burst of 5 and the presses worth a second's wait (4) went through; the rest
    # were told, each of them.
    assert 5 <= texts.count(None) <= 11
    assert texts.count("Too fast: please wait a few seconds.") == 30 - texts.count(None)


async def test_group_chatter_does_not_count_against_a_member(bot: Bot) -> None:
    bot.app.bot_data.throttles = Throttles.default()
    member = bot.user("en")
    group = bot.emu.add_group(members=[member])
    for n in range(30):
        bot.emu.send_text(member, f"chatting with friends {n}", chat=group)
    answer = await bot.say(member, "/help", chat=group)
    assert "What I can do" in (answer.text or "")
    assert bot.app.bot_data.throttles.messages.dropped == 0
