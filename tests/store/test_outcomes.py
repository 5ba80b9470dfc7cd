"""Outcomes (cagbot.store.outcomes): each send outcome lands on its row only while the row
is still the claimer's, and what delivery learns about a chat (blocked, migrated, back)
follows; on a fresh database."""

from __future__ import annotations

import time

from cagbot.store import Store
from cagbot.store.outcomes import DeliveryResult
from cagbot.store.schedules import HELD


async def _status(store: Store) -> dict[int, tuple[str, str | None]]:
    rows = await store.db.fetchall("SELECT chat_id, status, owner FROM outbox ORDER BY id")
    return {int(r["chat_id"]): (r["status"], r["owner"]) for r in rows}


async def test_each_outcome_moves_its_own_row(fresh_db: Store) -> None:
    await fresh_db.outbox.enqueue([1, 2, 3, 4], "hi", kind="staff")
    taken = {d.chat_id: d for d in await fresh_db.outbox.claim(4, owner="me")}
    later = time.time() + 30
    await fresh_db.outbox.record(
        [
            DeliveryResult(taken[1].id, 1, "sent", 1, telegram_message_id=77, owner="me"),
            DeliveryResult(taken[2].id, 2, "retry", 1, "502", not_before=later, owner="me"),
            DeliveryResult(taken[3].id, 3, "failed", 3, "400", owner="me"),
            DeliveryResult(taken[4].id, 4, "held", 0, owner="me"),
        ]
    )
    assert await _status(fresh_db) == {
        1: ("sent", "me"),
        2: ("pending", None),
        3: ("failed", "me"),
        4: ("pending", None),
    }
    rows = await fresh_db.db.fetchall(
        "SELECT chat_id, telegram_message_id, not_before, last_error FROM outbox ORDER BY id"
    )
    by_chat = {int(r["chat_id"]): r for r in rows}
    assert by_chat[1]["telegram_message_id"] == 77
    assert (by_chat[2]["not_before"], by_chat[2]["last_error"]) == (later, "502")
    assert by_chat[4]["not_before"] == HELD  # waits with its paused broadcast


async def test_another_claimers_outcome_does_not_touch_the_row(fresh_db: Store) -> None:
    await fresh_db.outbox.enqueue([1], "hi", kind="staff")
    [mine] = await fresh_db.outbox.claim(1, owner="me")
    await fresh_db.outbox.record(
        [DeliveryResult(mine.id, 1, status, 1, "x", owner="someone else") for status in
         ("retry", "failed", "lapsed", "held", "blocked")]
    )  # fmt: skip
    assert await _status(fresh_db) == {1: ("sending", "me")}


async def test_a_blocked_chat_stops_all_its_rows_and_is_made_inactive(fresh_db: Store) -> None:
    await fresh_db.subscribers.ensure(1, "private")
    await fresh_db.outbox.enqueue([1], "first", kind="staff")
    await fresh_db.outbox.enqueue([1], "second", kind="staff")
    [first] = await fresh_db.outbox.claim(1, owner="me")
    await fresh_db.outbox.record([DeliveryResult(first.id, 1, "blocked", 1, "403", owner="me")])
    rows = await fresh_db.db.fetchall("SELECT status FROM outbox")
    assert [r[0] for r in rows] == ["blocked", "blocked"]
    subscriber = await fresh_db.subscribers.get(1)
    assert subscriber is not None
    assert not subscriber.active
    assert await fresh_db.outbox.reactivate(1)
    assert not await fresh_db.outbox.reactivate(1)  # already active
    subscriber = await fresh_db.subscribers.get(1)
    assert subscriber is not None
    assert subscriber.active


async def test_a_migrated_group_takes_its_settings_and_rows_to_the_new_id(
    fresh_db: Store,
) -> None:
    await fresh_db.subscribers.ensure(-5, "group")
    await fresh_db.outbox.enqueue([-5], "first", kind="staff")
    await fresh_db.outbox.enqueue([-5], "second", kind="staff")
    [row] = await fresh_db.outbox.claim(1, owner="me")
    await fresh_db.outbox.record(
        [DeliveryResult(row.id, -5, "migrated", 1, "moved", new_chat_id=-1005, owner="me")]
    )
    assert await fresh_db.subscribers.get(-5) is None
    moved = await fresh_db.subscribers.get(-1005)
    assert moved is not None
    assert moved.chat_type == "supergroup"
    rows = await fresh_db.db.fetchall("SELECT chat_id, status FROM outbox ORDER BY id")
    assert [(r["chat_id"], r["status"]) for r in rows] == [
        (-1005, "pending"),
        (-1005, "pending"),
    ]


async def test_migrating_onto_a_chat_that_already_has_the_row_fails_the_copy(
    fresh_db: Store,
) -> None:
    await fresh_db.subscribers.ensure(-5, "group")
    await fresh_db.subscribers.ensure(-1005, "supergroup")
    await fresh_db.outbox.enqueue([-5, -1005], "same message", kind="staff")
    await fresh_db.outbox.migrate_chat(-5, -1005)
    rows = await fresh_db.db.fetchall("SELECT chat_id, status, last_error FROM outbox ORDER BY id")
    assert [(r["chat_id"], r["status"], r["last_error"]) for r in rows] == [
        (-5, "failed", "migrated: duplicate"),
        (-1005, "pending", None),
    ]
    assert await fresh_db.subscribers.get(-5) is None
