"""Deadline reminders through the running bot: 🔔 on the opportunity list and on a detail
view (private chats only), then the hourly job sends the reminder 3 days before, once."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from cagbot import callbacks
from cagbot.bot.notifications import runtime_of
from cagbot.devserver import BotMessage
from cagbot.store import Store
from tests.e2e.conftest import TODAY, Bot, button


def _reminder_buttons(message: BotMessage) -> list[tuple[str, str]]:
    return [
        (label, data)
        for row in message.buttons()
        for label, data in row
        if data is not None and data.startswith("v1|rem|")
    ]


async def _housekeeping(bot: Bot, today: date) -> None:
    bot.app.bot_data.today = lambda: today
    await runtime_of(bot.app).housekeeping(bot.app.bot_data)


async def _delivered(store: Store) -> None:
    async def idle() -> bool:
        counts = await store.outbox.counts()
        return counts.pending + counts.sending == 0

    for _ in range(400):
        if await idle():
            return
        await asyncio.sleep(0.025)
    raise AssertionError(await store.outbox.counts())


async def test_remind_me_then_one_reminder_three_days_before_the_deadline(bot: Bot) -> None:
    store: Store = bot.app.bot_data.store
    user = bot.user("en")
    listing = await bot.say(user, "/opportunities")
    assert _reminder_buttons(listing) == []  # no row of numbered bells: details first
    entry = next(data for row in listing.buttons() for _, data in row if "|od|" in (data or ""))
    pressed = callbacks.decode(entry)
    assert pressed is not None
    post_id = pressed.int_arg(0)
    post = await store.posts.get(post_id)
    assert post is not None
    assert post.opportunity is not None
    deadline = post.opportunity.deadline
    assert deadline is not None
    assert deadline >= TODAY + timedelta(days=4)  # else pick another fixture

    await bot.press(user, listing, entry)
    detail = await bot.edited(listing)
    answer = await bot.press(user, detail, button(detail, "🔔 Remind me"))
    assert answer["text"] == "I will remind you 3 days before the deadline."
    detail = await bot.edited(detail)
    assert button(detail, "🔕 Don't remind me") == callbacks.encode("rem", "off", post_id, "d")
    assert button(detail, "◀") == callbacks.encode("opp", "all", 0)  # the way back is kept
    assert await store.reminders.has(user.id, post_id)

    # A deep link's detail view offers the same toggle; cancelling and asking again works.
    detail = await bot.say(user, f"/start opp_{post_id}")
    answer = await bot.press(user, detail, button(detail, "Don't remind me"))
    assert answer["text"] == "No reminder for this one."
    detail = await bot.edited(detail)
    assert not await store.reminders.has(user.id, post_id)
    await bot.press(user, detail, button(detail, "🔔 Remind me"))
    detail = await bot.edited(detail)
    assert button(detail, "🔕 Don't remind me")
    assert await store.reminders.has(user.id, post_id)

    # Four days before: nothing yet. Three days before: the reminder. Then never again.
    await _housekeeping(bot, deadline - timedelta(days=4))
    assert (await store.outbox.counts()).total == 0
    await _housekeeping(bot, deadline - timedelta(days=3))
    reminder = await bot.emu.next_message(user.id)
    assert "⏰ Reminder: the deadline is in 3 days" in (reminder.text or "")
    assert post.title in (reminder.text or "")
    for days in (3, 2, 0):
        await _housekeeping(bot, deadline - timedelta(days=days))
    await _delivered(store)
    reminders = [m for m in bot.emu.messages(user.id) if "⏰" in (m.text or "")]
    assert len(reminders) == 1
    assert (await store.outbox.counts()).sent == 1


async def test_reminders_are_refused_for_closed_posts_and_not_offered_in_groups(
    bot: Bot,
) -> None:
    store: Store = bot.app.bot_data.store
    user = bot.user("ru")
    closed = next(
        post
        for post in await store.posts.opportunities()
        if post.opportunity is not None
        and post.opportunity.deadline is not None
        and post.opportunity.deadline < TODAY
    )
    sentinel = await bot.say(user, "/help")
    answer = await bot.forge(user, sentinel, callbacks.encode("rem", "on", closed.id, "d"))
    assert answer["text"] == "Приём заявок закрыт."
    answer = await bot.forge(user, sentinel, callbacks.encode("rem", "on", 999_999, "1"))
    assert "text" in answer
    assert not await store.reminders.has(user.id, closed.id)
    detail = await bot.say(user, f"/start opp_{closed.id}")
    assert _reminder_buttons(detail) == []
    assert "✍️" not in str(detail.buttons())  # no "Apply" for a closed call

    group = bot.emu.add_group("Volunteers", admins=[user])
    listing = await bot.say(user, f"/opportunities@{bot.emu.bot_username}", chat=group)
    assert _reminder_buttons(listing) == []
    open_one = (await store.posts.opportunities(open_on=TODAY))[0]
    answer = await bot.forge(user, listing, callbacks.encode("rem", "on", open_one.id, "d"))
    assert answer["text"]  # "this button has expired"
    assert await store.db.fetchall("SELECT * FROM reminders") == []
