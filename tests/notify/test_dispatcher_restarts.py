"""A dispatcher that crashes (a full disk while recording) and is restarted by its
supervisor: a new owner identity, the old one's rows handed back, and the outcomes it could
not record kept and recorded, so nothing Telegram accepted is sent again."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

import pytest

from cagbot.devserver import Emulator
from cagbot.notify.dispatcher import Dispatcher
from cagbot.store import Store
from cagbot.store.outbox import DeliveryResult


async def test_a_restarted_dispatcher_is_a_new_owner_and_hands_back_the_old_ones_rows(
    fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    await fresh_db.outbox.enqueue([1, 2], "hi", kind="staff")
    dispatcher = make_dispatcher()
    await dispatcher.membership.join()
    first = dispatcher.owner
    # What a crashed run leaves: rows claimed under its identity, no task working on them,
    # and its orderly release failed (the disk was full).
    await fresh_db.outbox.claim(2, owner=first, lease=60)
    await dispatcher.membership.leave()
    await dispatcher.membership.join()
    try:
        assert dispatcher.owner != first
        assert first not in await fresh_db.outbox.live_owners()
        counts = await fresh_db.outbox.counts()
        assert (counts.pending, counts.sending) == (2, 0)
    finally:
        await dispatcher.membership.leave()
        await dispatcher.membership.release()


async def test_outcomes_a_full_disk_kept_from_the_database_are_recorded_after_restart(
    emu: Emulator,
    fresh_db: Store,
    make_dispatcher: Callable[..., Dispatcher],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    users = [emu.add_user() for _ in range(3)]
    ids = [user.id for user in users]
    await fresh_db.outbox.enqueue(ids, "once", kind="staff")
    record = fresh_db.outbox.record
    failures = 2  # the loop's try and the shutdown's

    async def full_disk(results: Sequence[DeliveryResult]) -> None:
        nonlocal failures
        if failures:
            failures -= 1
            raise sqlite3.OperationalError("database or disk is full")
        await record(results)

    monkeypatch.setattr(fresh_db.outbox, "record", full_disk)
    dispatcher = make_dispatcher(concurrency=1)
    with pytest.raises(sqlite3.OperationalError):
        await dispatcher.drain()
    # The supervisor runs it again once space is back.
    counts = await dispatcher.drain()
    assert (counts.sent, counts.pending, counts.sending) == (3, 0, 0)
    assert {chat_id: len(emu.messages(chat_id)) for chat_id in ids} == dict.fromkeys(ids, 1)


async def test_a_dead_owners_rows_are_taken_back_soon_after_the_clock_steps_back(
    fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    await fresh_db.outbox.enqueue([1, 2], "hi", kind="staff")
    # Two processes claimed a row each, then the clock stepped back an hour: by the wall
    # clock their heartbeats and leases run for another hour.
    await fresh_db.outbox.register_owner("dead", "cli", 3600)
    await fresh_db.outbox.register_owner("alive", "cli", 3600)
    await fresh_db.outbox.claim(1, owner="dead", lease=3600)
    await fresh_db.outbox.claim(1, owner="alive", lease=3600)
    membership = make_dispatcher(lease=30).membership
    clock = [1000.0]
    membership.monotonic = lambda: clock[0]
    assert await membership.reap_silent() == 0  # first look
    clock[0] += 100.0
    await fresh_db.outbox.renew("alive", 3600)  # the live one renews: its beat moves on
    assert await membership.reap_silent() == 0  # 100 s is not yet SILENT_AFTER
    clock[0] += 30.0
    assert await membership.reap_silent() == 1  # silent for 130 s of our own time: dead
    assert await fresh_db.outbox.recover() == 1
    rows = await fresh_db.db.fetchall("SELECT status, owner FROM outbox ORDER BY id")
    assert sorted((r["status"], r["owner"]) for r in rows) == [
        ("pending", None),
        ("sending", "alive"),
    ]
