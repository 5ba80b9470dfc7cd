"""The outbox queue (cagbot.store.queue): writing a message once, one row per chat, the
queue's counts, its next due time and pruning, on a fresh database."""

from __future__ import annotations

import json

from cagbot.store import Store
from cagbot.store.queue import PRIORITY_STAFF, Rendered
from cagbot.store.schedules import HELD


async def test_enqueue_writes_one_row_per_distinct_chat(fresh_db: Store) -> None:
    assert await fresh_db.outbox.enqueue([1, 2, 2, 3], "hi", kind="staff") == 3
    counts = await fresh_db.outbox.counts()
    assert (counts.pending, counts.total) == (3, 3)


async def test_a_dedupe_key_writes_the_message_and_its_rows_once(fresh_db: Store) -> None:
    assert await fresh_db.outbox.enqueue([1, 2], "hi", kind="staff", dedupe_key="k") == 2
    assert await fresh_db.outbox.enqueue([2, 3], "hi", kind="staff", dedupe_key="k") == 1
    messages = await fresh_db.db.fetchall("SELECT id FROM outbox_messages")
    assert len(messages) == 1
    rows = await fresh_db.db.fetchall("SELECT chat_id FROM outbox ORDER BY chat_id")
    assert [row[0] for row in rows] == [1, 2, 3]


async def test_a_rendered_message_keeps_its_photo_keyboard_and_priority(fresh_db: Store) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Ок", "callback_data": "x"}]]}
    message = Rendered("<b>Привет</b>", photo="https://example.org/p.jpg", reply_markup=keyboard)
    await fresh_db.outbox.enqueue([5], message, kind="staff", priority=PRIORITY_STAFF)
    row = await fresh_db.db.fetchone(
        "SELECT m.text, m.photo, m.reply_markup, m.parse_mode, o.priority "
        "FROM outbox o JOIN outbox_messages m ON m.id = o.message_id"
    )
    assert row is not None
    assert (row["text"], row["photo"], row["parse_mode"]) == (message.text, message.photo, "HTML")
    assert json.loads(row["reply_markup"]) == keyboard
    assert row["priority"] == PRIORITY_STAFF


async def test_counts_tell_retrying_rows_among_the_pending(fresh_db: Store) -> None:
    await fresh_db.outbox.enqueue([1, 2, 3], "hi", kind="staff")
    await fresh_db.db.connection.execute("UPDATE outbox SET last_error = '502' WHERE chat_id = 1")
    await fresh_db.db.connection.execute("UPDATE outbox SET status = 'sent' WHERE chat_id = 3")
    counts = await fresh_db.outbox.counts()
    assert (counts.pending, counts.retrying, counts.sent, counts.done) == (2, 1, 1, 1)


async def test_next_due_is_the_earliest_pending_row_but_not_a_held_one(fresh_db: Store) -> None:
    assert await fresh_db.outbox.next_due() is None
    await fresh_db.outbox.enqueue([1, 2], "hi", kind="staff")
    await fresh_db.db.connection.execute("UPDATE outbox SET not_before = 100 WHERE chat_id = 1")
    await fresh_db.db.connection.execute("UPDATE outbox SET not_before = 50 WHERE chat_id = 2")
    assert await fresh_db.outbox.next_due() == 50.0
    await fresh_db.db.connection.execute("UPDATE outbox SET not_before = ?", (HELD,))
    assert await fresh_db.outbox.next_due() is None


async def test_prune_forgets_only_old_finished_rows(fresh_db: Store) -> None:
    await fresh_db.outbox.enqueue([1, 2, 3, 4], "hi", kind="staff")
    old = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-40 days')"
    await fresh_db.db.connection.execute(
        f"UPDATE outbox SET status = 'sent', finished_at = {old} WHERE chat_id IN (1, 2)"
    )
    await fresh_db.db.connection.execute(
        "UPDATE outbox SET status = 'failed', finished_at = "
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE chat_id = 3"
    )
    await fresh_db.db.connection.execute(
        f"UPDATE outbox SET finished_at = {old} WHERE chat_id = 4"
    )  # still pending: never pruned, whatever its date
    assert await fresh_db.outbox.prune(older_than_days=30) == 2
    rows = await fresh_db.db.fetchall("SELECT chat_id FROM outbox ORDER BY chat_id")
    assert [row[0] for row in rows] == [3, 4]
