"""The flood gate ahead of every feature: over a person's budget one polite notice in a
private chat, then silence; a group's chatter costs nothing and its flooders get no notice;
a button press over budget is answered "too fast" rather than left spinning. Budgets here
never refill during a test, so what passes is counted, not timed."""

from __future__ import annotations

from cagbot import views
from cagbot.bot.throttle import Throttle, Throttles
from cagbot.callbacks import encode
from cagbot.i18n import I18n
from tests.e2e.conftest import Bot

I18N = I18n.load()
NEVER = 1e-9  # tokens a second: none come back while a test runs
ROOMY = Throttle(1_000_000, 1_000_000)


def tight(messages: int = 1_000_000, buttons: int = 1_000_000) -> Throttles:
    return Throttles(Throttle(messages, NEVER), ROOMY, Throttle(buttons, NEVER), 0.0)


async def test_a_private_flood_gets_one_notice_and_others_are_answered(bot: Bot) -> None:
    bot.app.bot_data.throttles = tight(messages=2)
    flooder, other = bot.user("ru"), bot.user("en")
    for _ in range(6):
        bot.emu.send_text(flooder, "/help")
    await bot.settle()
    texts = [message.text for message in bot.emu.messages(flooder.id)]
    notice = views.slow_down(I18N.get("ru"))
    assert texts.count(notice) == 1
    assert len(texts) == 3  # two answers within the budget, then the one notice
    assert (await bot.say(other, "/help")).text != views.slow_down(I18N.get("en"))


async def test_chatter_in_a_group_is_free_and_a_group_flood_is_dropped_silently(
    bot: Bot,
) -> None:
    bot.app.bot_data.throttles = tight(messages=1)
    admin = bot.user("en")
    group = bot.emu.add_group(admins=[admin])
    for n in range(5):
        bot.emu.send_text(admin, f"hello everyone {n}", chat=group)
    await bot.settle()
    assert bot.emu.messages(group.id) == []  # chatter: no reply, and nothing spent
    help_text = await bot.say(admin, "/help", chat=group)  # the one command of the budget
    assert help_text.text != views.slow_down(I18N.get("en"))
    for _ in range(3):
        bot.emu.send_text(admin, "/help", chat=group)
    await bot.settle()
    assert len(bot.emu.messages(group.id)) == 1  # the flood: no answer and no notice


async def test_a_press_over_budget_is_answered_too_fast_and_not_applied(bot: Bot) -> None:
    user = bot.user("en")
    first, second = await bot.say(user, "/language"), await bot.say(user, "/language")
    bot.app.bot_data.throttles = tight(buttons=1)
    await bot.press(user, first, encode("lang", "en"))
    answer = await bot.press(user, second, encode("lang", "sv"))
    assert answer.get("text") == views.slow_down_short(I18N.get("en"))
    subscriber = await bot.app.bot_data.store.subscribers.get(user.id)
    assert subscriber is not None
    assert subscriber.language == "en"
