"""Deadline reminders as stored: asked once per chat and call (known chats and calls only),
due when the deadline is near but not past, queued in each chat's language and marked done
in one step so a reminder goes out once."""

from __future__ import annotations

from datetime import UTC, datetime

from cagbot.store import Store
from tests.notify.conftest import draft, subscribe

TODAY = datetime.now(UTC).date()


async def call(store: Store, title: str, days: int) -> int:
    post_id = (await store.posts.upsert(draft(title, deadline_in_days=days))).post_id
    assert post_id is not None
    return post_id


async def test_a_reminder_is_asked_once_for_a_known_chat_and_call(fresh_db: Store) -> None:
    await subscribe(fresh_db, 7)
    soon = await call(fresh_db, "Exchange", 2)
    news = (await fresh_db.posts.upsert(draft("Just news"))).post_id
    assert news is not None
    reminders = fresh_db.reminders
    assert await reminders.add(7, soon)
    assert not await reminders.add(7, soon)
    assert not await reminders.add(999, soon)  # an unknown chat
    assert not await reminders.add(7, news)  # not a call: no deadline to remind of
    assert await reminders.has(7, soon)
    assert await reminders.remove(7, soon)
    assert not await reminders.remove(7, soon)
    assert not await reminders.has(7, soon)


async def test_due_when_the_deadline_is_near_and_not_past(fresh_db: Store) -> None:
    await subscribe(fresh_db, 7)
    near = await call(fresh_db, "Near", 2)
    far = await call(fresh_db, "Far", 10)
    past = await call(fresh_db, "Past", -1)
    for post_id in (near, far, past):
        await fresh_db.reminders.add(7, post_id)
    assert await fresh_db.reminders.due_posts(TODAY, 3) == [near]
    assert await fresh_db.reminders.due_posts(TODAY, 10) == [near, far]


async def test_queued_in_each_chats_language_and_only_once(fresh_db: Store) -> None:
    await subscribe(fresh_db, 7, language="ru")
    await subscribe(fresh_db, 8, language="sv")
    await subscribe(fresh_db, 9, language="ru")
    soon = await call(fresh_db, "Exchange", 2)
    for chat_id in (7, 8, 9):
        await fresh_db.reminders.add(chat_id, soon)
    texts = {"ru": "Напоминание", "sv": "Påminnelse", "en": "Reminder"}
    assert await fresh_db.reminders.enqueue(soon, texts, "en") == 3
    rows = await fresh_db.db.fetchall(
        "SELECT o.chat_id, m.text FROM outbox o JOIN outbox_messages m ON m.id = o.message_id"
        " ORDER BY o.chat_id"
    )
    assert [(row[0], row[1]) for row in rows] == [
        (7, "Напоминание"),
        (8, "Påminnelse"),
        (9, "Напоминание"),
    ]
    assert await fresh_db.reminders.due_posts(TODAY, 3) == []
    assert await fresh_db.reminders.enqueue(soon, texts, "en") == 0
