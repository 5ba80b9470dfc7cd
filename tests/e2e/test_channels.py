"""Channels and forum topics through the real application: the start-up check tells staff
what a channel lacks, a channel gets new calls with a subscribe button, and a group admin
sends the group's posts to a forum topic with /here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from cagbot.bot.channels import poster_of
from cagbot.bot.notifications import runtime_of
from cagbot.devserver import Emulator, FloodLimits
from cagbot.notify.pacer import PaceLimits, Pacer
from cagbot.store import Store
from tests.e2e.call_form import TEXTS, fill_form
from tests.e2e.conftest import STAFF_ID, Bot, button, stop_bot
from tests.notify.conftest import draft, subscribe


async def test_a_missing_channel_right_is_reported_to_staff(
    start_bot: Callable[..., Awaitable[Bot]],
) -> None:
    async def prepare(emu: Emulator, database: Path) -> dict[str, object]:
        emu.add_channel("CAG på svenska", username="cag_sv", can_post_messages=False)
        emu.add_channel("CAG по-русски", username="cag_ru")
        return {"channels": ("sv=@cag_sv", "ru=@cag_ru")}

    bot = await start_bot(prepare)
    try:
        warning = await bot.emu.next_message(STAFF_ID)
        text = warning.text or ""
        assert "cannot post to sv=@cag_sv" in text
        assert "Post messages" in text
        channels = {c.ref: c for c in await bot.app.bot_data.store.channels.all()}
        assert (channels["sv=@cag_sv"].ok, channels["sv=@cag_sv"].missing) == (
            False,
            "can_post_messages",
        )
        assert channels["ru=@cag_ru"].ok
        await bot.settle()
        assert len(bot.emu.messages(STAFF_ID)) == 1  # only the channel that lacks a right
    finally:
        await stop_bot(bot)


async def test_a_channel_and_a_forum_topic_get_new_posts_with_a_subscribe_button(
    start_bot: Callable[..., Awaitable[Bot]],
) -> None:
    topic: list[int] = []

    async def prepare(emu: Emulator, database: Path) -> dict[str, object]:
        emu.add_channel("CAG", username="cag_ru", chat_id=-100_777)
        forum = emu.add_forum("Partners", bot_is_admin=True, chat_id=-100_888)
        topic.append(emu.add_topic(forum))
        return {"channels": ("ru=@cag_ru", f"en=-100888:{topic[0]}")}

    bot = await start_bot(prepare)
    try:
        store: Store = bot.app.bot_data.store
        staff = bot.emu.users[STAFF_ID]
        footer, _ = await fill_form(bot, staff, {"ru": TEXTS["ru"]})
        await bot.press(staff, footer, button(footer, "Publish"))
        await bot.edited(footer)
        assert await poster_of(bot.app).run() == 2
        assert await poster_of(bot.app).run() == 0  # never twice
        posted = await bot.emu.next_message(-100_777)
        assert "Стажировка в Оше" in (posted.text or "")
        links = [url for row in posted.buttons() for _, url in row]
        assert f"https://t.me/{bot.emu.bot_username}?start=subscribe" in links
        in_topic = await bot.emu.next_message(-100_888)
        assert in_topic.message_thread_id == topic[0]
        assert "New opportunity" in (in_topic.text or "")  # the English destination
        assert {c.chat_id for c in await store.channels.all()} == {-100_777, -100_888}
    finally:
        await stop_bot(bot)


async def test_here_sends_a_forum_groups_posts_to_its_topic(
    start_bot: Callable[..., Awaitable[Bot]],
) -> None:
    chats: dict[str, object] = {}

    async def prepare(emu: Emulator, database: Path) -> dict[str, object]:
        admin = emu.add_user(first_name="Admin")
        member = emu.add_user(first_name="Member")
        forum = emu.add_forum("Novi Ritm", admins=[admin], members=[member])
        chats.update(admin=admin, member=member, forum=forum, topic=emu.add_topic(forum))
        return {}

    bot = await start_bot(prepare)
    try:
        forum, topic = chats["forum"], chats["topic"]
        store: Store = bot.app.bot_data.store
        refused = await bot.say(chats["member"], "/here", chat=forum)  # type: ignore[arg-type]
        assert "only the admins" in (refused.text or "")
        bot.emu.send_text(chats["admin"], "/here", chat=forum, thread_id=topic)  # type: ignore[arg-type]
        done = await bot.emu.next_message(forum.id)  # type: ignore[attr-defined]
        assert "this topic" in (done.text or "")
        assert await store.channels.thread_of(forum.id) == topic  # type: ignore[attr-defined]

        await subscribe(store, forum.id, language="en", chat_type="supergroup")  # type: ignore[attr-defined]
        runtime_of(bot.app).follow_every = 0.05
        service = runtime_of(bot.app).broadcasts
        assert service is not None
        from cagbot.store.audience import Audience

        await service.start({"*": "Meeting on Friday"}, Audience(), admin_id=STAFF_ID, origin="bot")
        runtime = runtime_of(bot.app)
        assert runtime.dispatcher is not None
        runtime.dispatcher.wake()
        posted = await bot.emu.next_message(forum.id)  # type: ignore[attr-defined]
        assert posted.text == "Meeting on Friday"
        assert posted.message_thread_id == topic
    finally:
        await stop_bot(bot)


async def test_a_channel_and_a_forum_topic_at_their_limits_with_no_violation(
    start_bot: Callable[..., Awaitable[Bot]],
) -> None:
    """Telegram's limits on (scaled 10x: 200 a minute per chat instead of 20), more new
    posts than one (scaled) minute allows, to a channel and to a forum topic at once."""
    posts = 30
    topic: list[int] = []

    async def prepare(emu: Emulator, database: Path) -> dict[str, object]:
        emu.add_channel("CAG", username="cag_all", chat_id=-100_701)
        forum = emu.add_forum("Partners", bot_is_admin=True, chat_id=-100_702)
        topic.append(emu.add_topic(forum))
        return {"channels": ("@cag_all", f"ru=-100702:{topic[0]}")}

    bot = await start_bot(prepare)
    try:
        bot.emu.set_limits(FloodLimits.telegram(scale=10))
        runtime = runtime_of(bot.app)
        assert runtime.dispatcher is not None
        runtime.dispatcher.pacer = Pacer(PaceLimits.scaled(10, margin=0.3))
        store: Store = bot.app.bot_data.store
        for number in range(posts):
            await store.posts.upsert(draft(f"Channel post {number}"))
        async with store.db.transaction() as connection:  # announced, as the notifier does
            await connection.execute("UPDATE post_notifications SET status = 'done'")
        assert await poster_of(bot.app).run() == 2 * posts
        await bot.emu.wait_for(
            lambda: (
                len(bot.emu.messages(-100_701)) == posts
                and len(bot.emu.messages(-100_702)) == posts
            ),
            timeout=60,
        )
        assert {m.message_thread_id for m in bot.emu.messages(-100_702)} == {topic[0]}
        assert bot.emu.stats.flood_429 == 0
    finally:
        await stop_bot(bot)  # asserts emu.violations == []
