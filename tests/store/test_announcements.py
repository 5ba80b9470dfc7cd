"""Announcements (cagbot.store.announcements): a new post goes out once, to instant chats
as outbox rows in their language and to digest chats as digest items; backlog can be
skipped; the notifier's named state; on a fresh database."""

from __future__ import annotations

from cagbot.store import Store
from cagbot.store.audience import Audience, audience_selection


async def _post(store: Store, key: str) -> int:
    cursor = await store.db.connection.execute(
        "INSERT INTO posts (key, title, language, source) VALUES (?, ?, 'en', 'test')",
        (key, key.title()),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def _subscriber(store: Store, chat_id: int, language: str, frequency: str) -> None:
    await store.subscribers.ensure(chat_id, "private")
    await store.subscribers.set_subscribed(chat_id, True)
    await store.subscribers.set_language(chat_id, language)
    await store.subscribers.set_frequency(chat_id, frequency)  # type: ignore[arg-type]


async def test_a_post_fans_out_once_to_instant_chats_and_digests(fresh_db: Store) -> None:
    await _subscriber(fresh_db, 1, "sv", "instant")
    await _subscriber(fresh_db, 2, "ru", "instant")
    await _subscriber(fresh_db, 3, "sv", "daily")
    post_id = await _post(fresh_db, "camp")
    assert await fresh_db.outbox.new_posts() == [post_id]
    texts = {"sv": "Läger", "ru": "Лагерь"}
    selection = audience_selection(Audience(), "en")
    fan_out = await fresh_db.outbox.fan_out_post(post_id, "post", texts, selection, "en")
    assert (fan_out.instant, fan_out.digest, fan_out.total) == ({"sv": 1, "ru": 1}, 1, 3)
    rows = await fresh_db.db.fetchall(
        "SELECT o.chat_id, m.text FROM outbox o JOIN outbox_messages m ON m.id = o.message_id "
        "ORDER BY o.chat_id"
    )
    assert [(r[0], r[1]) for r in rows] == [(1, "Läger"), (2, "Лагерь")]
    digest = await fresh_db.db.fetchall("SELECT chat_id, post_id FROM digest_items")
    assert [(r[0], r[1]) for r in digest] == [(3, post_id)]
    assert await fresh_db.outbox.new_posts() == []  # announced
    again = await fresh_db.outbox.fan_out_post(post_id, "post", texts, selection, "en")
    assert again.total == 0


async def test_skipping_marks_backlog_never_to_announce(fresh_db: Store) -> None:
    first, second, third = [await _post(fresh_db, key) for key in ("a", "b", "c")]
    assert await fresh_db.outbox.skip_posts([first]) == 1
    assert await fresh_db.outbox.new_posts() == [second, third]
    assert await fresh_db.outbox.skip_posts() == 2
    assert await fresh_db.outbox.new_posts() == []
    assert await fresh_db.outbox.skip_posts([first]) == 0  # already skipped


async def test_the_notifier_state_is_set_and_overwritten(fresh_db: Store) -> None:
    assert await fresh_db.outbox.get_state("backlog") is None
    await fresh_db.outbox.set_state("backlog", "absorbed")
    await fresh_db.outbox.set_state("backlog", "again")
    assert await fresh_db.outbox.get_state("backlog") == "again"
