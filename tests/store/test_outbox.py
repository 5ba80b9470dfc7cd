"""The outbox as callers reach it (cagbot.store.outbox): one ``store.outbox`` object with
every side's methods, the names other modules import, and one message's whole way through
the queue on a fresh database."""

from __future__ import annotations

import cagbot.store.outbox as outbox
from cagbot.store import Store, announcements, broadcasts, claims, leases, outcomes, queue


def test_the_names_callers_import_are_the_modules_own() -> None:
    assert outbox.Rendered is queue.Rendered
    assert outbox.Counts is queue.Counts
    assert outbox.insert_message is queue.insert_message
    assert outbox.PRIORITY_STAFF == queue.PRIORITY_STAFF
    assert outbox.Delivery is claims.Delivery
    assert outbox.DeliveryResult is outcomes.DeliveryResult
    assert outbox.BroadcastRecord is broadcasts.BroadcastRecord
    assert outbox.FanOut is announcements.FanOut


def test_every_side_is_reached_through_the_one_store_object() -> None:
    sides = (
        queue.QueueSide,
        announcements.AnnouncementSide,
        broadcasts.BroadcastSide,
        claims.ClaimSide,
        outcomes.OutcomeSide,
        leases.LeaseSide,
    )
    for side in sides:
        assert issubclass(outbox.OutboxStore, side)
        for name, member in vars(side).items():
            if callable(member) and not name.startswith("__"):
                assert getattr(outbox.OutboxStore, name) is member, name


async def test_a_message_goes_from_queue_to_claim_to_sent(fresh_db: Store) -> None:
    await fresh_db.outbox.register_owner("me", "bot", 60)
    assert await fresh_db.outbox.enqueue([1, 2], "hi", kind="staff") == 2
    taken = await fresh_db.outbox.claim(10, owner="me")
    assert (await fresh_db.outbox.counts()).sending == 2
    await fresh_db.outbox.record(
        [outbox.DeliveryResult(d.id, d.chat_id, "sent", 1, owner="me") for d in taken]
    )
    counts = await fresh_db.outbox.counts()
    assert (counts.sent, counts.pending, counts.sending) == (2, 0, 0)
    assert await fresh_db.outbox.next_due() is None
    assert sorted(chat for chat, _ in await fresh_db.outbox.recent_sends(60)) == [1, 2]
