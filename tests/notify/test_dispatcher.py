"""The dispatcher against the emulator: exactly-once delivery, blocked, migrated and missing
chats, injected 429/5xx/dropped connections, and crash recovery."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
import telegram

from cagbot.devserver import Emulator, FloodLimits
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.pacer import PaceLimits
from cagbot.store import Store
from cagbot.store.outbox import Rendered
from tests.notify.conftest import subscribe

pytestmark = pytest.mark.e2e


def _per_chat(emu: Emulator, chat_ids: list[int]) -> dict[int, int]:
    return {chat_id: len(emu.messages(chat_id)) for chat_id in chat_ids}


async def test_each_queued_message_arrives_once(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    users = [emu.add_user() for _ in range(25)]
    ids = [user.id for user in users]
    queued = await fresh_db.outbox.enqueue(ids, "<b>Hej</b> &amp; welcome", kind="staff")
    assert queued == 25
    counts = await make_dispatcher().drain()
    assert counts.sent == 25
    assert counts.pending == counts.sending == 0
    assert _per_chat(emu, ids) == dict.fromkeys(ids, 1)
    assert emu.messages(ids[0])[0].text == "Hej & welcome"
    # Enqueueing the same message again with its dedupe key adds nothing.
    again = await fresh_db.outbox.enqueue(ids, "x", kind="staff", dedupe_key="k")
    assert await fresh_db.outbox.enqueue(ids, "x", kind="staff", dedupe_key="k") == 0
    assert again == 25


async def test_blocked_user_is_marked_inactive_until_they_return(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    alice, bob = emu.add_user(), emu.add_user()
    for user in (alice, bob):
        await subscribe(fresh_db, user.id)
    emu.faults.block(bob)
    await fresh_db.outbox.enqueue([alice.id, bob.id], "first", kind="staff")
    await fresh_db.outbox.enqueue([bob.id], "second", kind="staff")
    counts = await make_dispatcher().drain()
    assert counts.sent == 1
    assert counts.blocked == 2
    assert emu.stats.requests["sendMessage"] == 2  # bob's second row was not even tried
    subscriber = await fresh_db.subscribers.get(bob.id)
    assert subscriber is not None
    assert not subscriber.active
    assert await fresh_db.outbox.reactivate(bob.id)
    subscriber = await fresh_db.subscribers.get(bob.id)
    assert subscriber is not None
    assert subscriber.active
    assert not await fresh_db.outbox.reactivate(bob.id)


async def test_migrated_group_is_followed_everywhere(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    group = emu.add_group("Novi Ritm volunteers")
    await subscribe(fresh_db, group.id, chat_type="group", topics=("culture",))
    await fresh_db.outbox.enqueue([group.id], "one", kind="staff")
    await fresh_db.outbox.enqueue([group.id], "two", kind="staff")
    new_id = emu.faults.migrate(group)
    counts = await make_dispatcher().drain()
    assert counts.sent == 2
    assert [m.text for m in emu.messages(new_id)] == ["one", "two"]
    assert await fresh_db.subscribers.get(group.id) is None
    moved = await fresh_db.subscribers.get(new_id)
    assert moved is not None
    assert moved.chat_type == "supergroup"
    assert moved.topics == ("culture",)


async def test_missing_chat_gives_up_with_the_reason(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    gone, here = emu.add_user(), emu.add_user()
    emu.faults.forget_chat(gone)
    await fresh_db.outbox.enqueue([gone.id, here.id], "hello", kind="staff")
    counts = await make_dispatcher().drain()
    assert counts.failed == 1
    assert counts.sent == 1
    rows = await fresh_db.db.fetchall("SELECT last_error FROM outbox WHERE status = 'failed'")
    assert all("chat not found" in row[0].lower() for row in rows)


async def test_persistent_server_errors_end_in_failure_after_the_limit(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    user = emu.add_user()
    emu.faults.script("sendMessage", chat_id=user.id, error_code=500, times=100)
    await fresh_db.outbox.enqueue([user.id], "hello", kind="staff")
    counts = await make_dispatcher().drain()
    assert counts.failed == 1
    row = await fresh_db.db.fetchone("SELECT attempts, last_error FROM outbox")
    assert row is not None
    assert row[0] == 4
    assert "Internal Server Error" in row[1]


async def test_broadcast_under_429_5xx_and_dropped_connections_reaches_everyone_once(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    users = [emu.add_user() for _ in range(60)]
    ids = [user.id for user in users]
    emu.faults.script("sendMessage", error_code=429, retry_after=1, times=3)
    emu.faults.random_5xx(0.15, seed=7)
    emu.faults.drop_connections("sendMessage", times=4)
    await fresh_db.outbox.enqueue(ids, "Announcement", kind="broadcast")
    counts = await make_dispatcher().drain()
    assert counts.sent == 60
    assert emu.stats.faults_injected >= 7
    assert _per_chat(emu, ids) == dict.fromkeys(ids, 1)


async def test_restart_after_a_crash_loses_nothing(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    users = [emu.add_user() for _ in range(40)]
    ids = [user.id for user in users]
    await fresh_db.outbox.enqueue(ids, "Do not lose me", kind="broadcast")
    # A process that claimed rows and died before sending them leaves them 'sending';
    # the next dispatcher's start puts them back.
    abandoned = await fresh_db.outbox.claim(10)
    assert len(abandoned) == 10
    emu.faults.delay("sendMessage", 0.05)
    first = make_dispatcher(concurrency=8)
    task = asyncio.create_task(first.run())
    await emu.wait_for(lambda: emu.stats.sends_accepted >= 5)
    task.cancel()  # killed mid-run, with requests in flight
    with pytest.raises(asyncio.CancelledError):
        await task
    emu.faults.delay("sendMessage", 0)
    second = make_dispatcher()
    assert await second.recover() >= 1  # the rows in flight at the kill
    counts = await second.drain()
    assert counts.pending == counts.sending == 0
    delivered = _per_chat(emu, ids)
    assert all(n >= 1 for n in delivered.values())
    # Only requests in flight at the kill can be sent twice.
    assert sum(delivered.values()) - len(ids) <= 8


async def test_stop_lets_the_sends_on_the_wire_finish_and_records_them(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    users = [emu.add_user() for _ in range(30)]
    ids = [user.id for user in users]
    await fresh_db.outbox.enqueue(ids, "Once only", kind="broadcast")
    emu.faults.delay("sendMessage", 0.3)
    first = make_dispatcher(concurrency=8, grace=10.0)
    task = asyncio.create_task(first.run())
    await emu.wait_for(lambda: emu.stats.requests["sendMessage"] >= 1)
    first.stop()
    async with asyncio.timeout(10):
        await task  # returns: a stop is not a cancellation
    counts = await fresh_db.outbox.counts()
    # Everything Telegram accepted is recorded as sent; nothing is left in between.
    assert counts.sending == 0
    assert counts.sent == emu.stats.sends_accepted >= 1
    assert counts.pending == len(ids) - counts.sent > 0
    emu.faults.delay("sendMessage", 0)
    second = make_dispatcher()
    assert await second.recover() == 0
    assert (await second.drain()).sent == len(ids)
    assert _per_chat(emu, ids) == dict.fromkeys(ids, 1)


class _StuckFor:
    """A Bot whose sends to one chat never come back (a hung connection); others pass."""

    def __init__(self, bot: telegram.Bot, chat_id: int) -> None:
        self.bot, self.chat_id = bot, chat_id
        self.stuck = asyncio.Event()

    async def send_message(self, chat_id: int, *args: Any, **kwargs: Any) -> telegram.Message:
        if chat_id == self.chat_id:
            self.stuck.set()
            await asyncio.Event().wait()
        return await self.bot.send_message(chat_id, *args, **kwargs)


async def test_a_stuck_send_is_cancelled_after_the_grace_and_resent_after_restart(
    emu: Emulator,
    fresh_db: Store,
    bot: telegram.Bot,
    make_dispatcher: Callable[..., Dispatcher],
) -> None:
    users = [emu.add_user() for _ in range(5)]
    ids = [user.id for user in users]
    await fresh_db.outbox.enqueue(ids, "Nothing lost", kind="staff")
    stuck = _StuckFor(bot, ids[0])
    first = make_dispatcher(bot=stuck, grace=0.2)
    task = asyncio.create_task(first.run())
    await emu.wait_for(lambda: emu.stats.sends_accepted == 4)
    await stuck.stuck.wait()
    first.stop()
    async with asyncio.timeout(10):  # the grace bounds the wait: no hang on a hung request
        await task
    counts = await fresh_db.outbox.counts()
    assert (counts.sent, counts.sending, counts.pending) == (4, 1, 0)
    second = make_dispatcher()
    assert await second.recover() == 1
    assert (await second.drain()).sent == 5
    assert _per_chat(emu, ids) == dict.fromkeys(ids, 1)


async def test_paced_sends_stay_within_scaled_limits(
    fresh_db: Store, make_dispatcher: Callable[..., Dispatcher], emu: Emulator
) -> None:
    emu.set_limits(FloodLimits.telegram(scale=10))
    users = [emu.add_user() for _ in range(90)]
    group = emu.add_group("Busy group")
    ids = [user.id for user in users]
    await fresh_db.outbox.enqueue(ids, "paced", kind="broadcast")
    for n in range(25):  # more than 20 per (scaled) minute into one group
        await fresh_db.outbox.enqueue([group.id], f"group {n}", kind="staff")
    counts = await make_dispatcher(PaceLimits.scaled(10, margin=0.3)).drain()
    assert counts.sent == 115
    assert emu.stats.flood_429 == 0


async def test_a_photo_with_a_caption_and_buttons_arrives_as_a_photo(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    user = emu.add_user()
    keyboard = {"inline_keyboard": [[{"text": "Open", "url": "https://example.org/p/1"}]]}
    message = Rendered(
        "<b>Poster</b>", photo="https://example.org/poster.jpg", reply_markup=keyboard
    )
    assert await fresh_db.outbox.enqueue([user.id], message, kind="broadcast") == 1
    counts = await make_dispatcher().drain()
    assert counts.sent == 1
    (sent,) = emu.messages(user.id)
    assert sent.kind == "photo"
    assert sent.text == "Poster"
    assert sent.buttons() == [[("Open", "https://example.org/p/1")]]


async def test_a_text_message_carries_its_keyboard(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    user = emu.add_user()
    keyboard = {"inline_keyboard": [[{"text": "⚙️", "callback_data": "v1:settings"}]]}
    await fresh_db.outbox.enqueue([user.id], Rendered("Hej", reply_markup=keyboard), kind="staff")
    await make_dispatcher().drain()
    (sent,) = emu.messages(user.id)
    assert sent.kind == "text"
    assert sent.callback_data() == ["v1:settings"]


async def test_a_refused_photo_still_reaches_the_reader_as_text(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    user = emu.add_user()
    message = Rendered('News <a href="https://example.org/n">link</a>', photo="ftp://bad/pic.jpg")
    await fresh_db.outbox.enqueue([user.id], message, kind="post")
    counts = await make_dispatcher().drain()
    assert counts.sent == 1
    (sent,) = emu.messages(user.id)
    assert sent.kind == "text"
    assert sent.text == "News link"
