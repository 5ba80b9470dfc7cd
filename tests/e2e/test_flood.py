"""A person flooding the bot is slowed down politely and does not hold anybody else up
(latency figures: bench/flood_bench.py)."""

from __future__ import annotations

import asyncio

import pytest

from cagbot.bot import callbacks
from cagbot.bot.throttle import Throttles
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


async def test_a_button_flood_is_answered_once_with_a_short_notice(bot: Bot) -> None:
    bot.app.bot_data.throttles = Throttles.default()
    user = bot.user("en")
    message = await bot.say(user, "/latest")
    noop = callbacks.encode("noop")
    queries = [bot.emu.press(user, message, noop, forge=True) for _ in range(30)]
    await bot.settle()
    answers = [bot.emu.callback_answers.get(query) for query in queries]
    texts = [answer.get("text") for answer in answers if answer is not None]
    assert texts.count("Too fast: please wait a few seconds.") == 1
    assert len(texts) <= 6  # the burst (4 left after /latest) and the one notice


async def test_group_chatter_does_not_count_against_a_member(bot: Bot) -> None:
    bot.app.bot_data.throttles = Throttles.default()
    member = bot.user("en")
    group = bot.emu.add_group(members=[member])
    for n in range(30):
        bot.emu.send_text(member, f"chatting with friends {n}", chat=group)
    answer = await bot.say(member, "/help", chat=group)
    assert "What I can do" in (answer.text or "")
    assert bot.app.bot_data.throttles.messages.dropped == 0
