"""Chat life-cycle through the running bot: a group upgraded to a supergroup keeps its
subscription and its queued deliveries."""

from __future__ import annotations

import time

from cagbot.bot.notifications import runtime_of
from cagbot.store import Store
from tests.e2e.conftest import Bot
from tests.notify.conftest import subscribe


async def _hold(store: Store, until: float) -> None:
    async with store.db.transaction() as connection:
        await connection.execute("UPDATE outbox SET not_before = ?", (until,))


async def test_migrated_group_keeps_its_settings_and_pending_deliveries(bot: Bot) -> None:
    store: Store = bot.app.bot_data.store
    admin = bot.user()
    group = bot.emu.add_group("Novi Ritm volunteers", admins=[admin])
    await subscribe(store, group.id, chat_type="group", topics=("culture",), frequency="daily")
    await store.outbox.enqueue([group.id], "Meeting on Friday", kind="staff", parse_mode=None)
    # Held back, so that it is still queued when the group migrates.
    await _hold(store, time.time() + 3600)

    new_id = bot.emu.faults.migrate(group)  # Telegram tells the bot in both chats
    await bot.settle()

    moved = await store.subscribers.get(new_id)
    assert moved is not None
    assert (moved.chat_type, moved.topics, moved.frequency, moved.subscribed) == (
        "supergroup",
        ("culture",),
        "daily",
        True,
    )
    assert await store.subscribers.get(group.id) is None
    rows = await store.db.fetchall("SELECT chat_id, status FROM outbox")
    assert [tuple(row) for row in rows] == [(new_id, "pending")]

    # Once due, it goes to the supergroup, with no detour through the old id.
    await _hold(store, 0)
    dispatcher = runtime_of(bot.app).dispatcher
    assert dispatcher is not None
    dispatcher.wake()
    arrived = await bot.emu.next_message(new_id)
    assert arrived.text == "Meeting on Friday"
    assert bot.emu.messages(group.id) == []
