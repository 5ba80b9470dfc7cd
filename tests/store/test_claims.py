"""Claims (cagbot.store.claims): due rows are taken at most one per chat, priority first,
under the claimer's lease, with everything needed to send them; on a fresh database."""

from __future__ import annotations

import time

from cagbot.store import Store
from cagbot.store.queue import PRIORITY_STAFF, Rendered


async def test_a_claim_takes_one_row_per_chat_and_leases_it(fresh_db: Store) -> None:
    await fresh_db.outbox.enqueue([1, 2], "first", kind="staff")
    await fresh_db.outbox.enqueue([1], "second", kind="staff")
    before = time.time()
    taken = await fresh_db.outbox.claim(10, owner="me", lease=60)
    assert sorted((d.chat_id, d.text) for d in taken) == [(1, "first"), (2, "first")]
    assert all(d.owner == "me" and d.lease_until >= before + 60 for d in taken)
    rows = await fresh_db.db.fetchall("SELECT status, owner FROM outbox WHERE chat_id = 1")
    assert sorted((r["status"], r["owner"]) for r in rows) == [
        ("pending", None),
        ("sending", "me"),
    ]


async def test_priority_comes_before_age_and_the_limit_holds(fresh_db: Store) -> None:
    await fresh_db.outbox.enqueue([1, 2, 3], "broadcast", kind="broadcast")
    await fresh_db.outbox.enqueue([4], "alert", kind="staff", priority=PRIORITY_STAFF)
    [first] = await fresh_db.outbox.claim(1, owner="me")
    assert (first.chat_id, first.text) == (4, "alert")
    assert len(await fresh_db.outbox.claim(2, owner="me")) == 2


async def test_busy_chats_and_rows_not_yet_due_wait(fresh_db: Store) -> None:
    await fresh_db.outbox.enqueue([1, 2, 3], "hi", kind="staff")
    await fresh_db.db.connection.execute(
        "UPDATE outbox SET not_before = ? WHERE chat_id = 3", (time.time() + 600,)
    )
    taken = await fresh_db.outbox.claim(10, owner="me", busy={1})
    assert [d.chat_id for d in taken] == [2]


async def test_a_delivery_carries_photo_keyboard_topic_and_retry_start(fresh_db: Store) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Go", "url": "https://example.org"}]]}
    await fresh_db.outbox.enqueue(
        [-100], Rendered("caption", photo="AgAC-file-id", reply_markup=keyboard), kind="staff"
    )
    await fresh_db.channels.set_thread(-100, 42, set_by=None)
    await fresh_db.db.connection.execute("UPDATE outbox SET retry_since = 12.5, attempts = 2")
    [delivery] = await fresh_db.outbox.claim(1, owner="me")
    assert (delivery.photo, delivery.reply_markup) == ("AgAC-file-id", keyboard)
    assert (delivery.message_thread_id, delivery.retry_since, delivery.attempts) == (42, 12.5, 2)
    assert delivery.parse_mode == "HTML"
