"""Per-chat settings: defaults, toggles, pausing, migration, statistics."""

from __future__ import annotations

from pathlib import Path

from cagbot.store import Store
from tests.notify.conftest import draft


async def test_a_new_chat_gets_defaults_and_keeps_no_names(fresh_db: Store) -> None:
    subscriber = await fresh_db.subscribers.ensure(42, "private", "ru")
    assert subscriber.language is None
    assert subscriber.telegram_language == "ru"
    assert subscriber.subscribed is False
    assert subscriber.frequency == "instant"
    columns = {row[1] for row in await fresh_db.db.fetchall("PRAGMA table_info(subscribers)")}
    assert not columns & {"username", "first_name", "last_name", "name"}


async def test_ensure_keeps_choices_and_refreshes_telegram_language(fresh_db: Store) -> None:
    await fresh_db.subscribers.ensure(42, "private", "ru")
    await fresh_db.subscribers.set_language(42, "sv")
    again = await fresh_db.subscribers.ensure(42, "private", None)
    assert (again.language, again.telegram_language) == ("sv", "ru")
    assert await fresh_db.subscribers.language_of(42) == ("sv", "ru")
    assert await fresh_db.subscribers.language_of(43) == (None, None)


async def test_the_language_a_chat_is_written_in(fresh_db: Store) -> None:
    subscribers = fresh_db.subscribers
    assert await subscribers.language_for(42, "en") == "en"  # unknown: the default
    await subscribers.ensure(42, "private", "ru")  # their Telegram language
    assert await subscribers.language_for(42, "en") == "ru"
    await subscribers.set_language(42, "sv")  # a choice wins over Telegram's
    assert await subscribers.language_for(42, "en") == "sv"


async def test_topics_toggle_and_pausing_keeps_them(fresh_db: Store) -> None:
    subscribers = fresh_db.subscribers
    await subscribers.ensure(42, "private")
    await subscribers.set_subscribed(42, True)
    await subscribers.toggle_topic(42, "climate")
    after = await subscribers.toggle_topic(42, "gender")
    assert after is not None
    assert after.topics == ("climate", "gender")
    after = await subscribers.toggle_topic(42, "climate")
    assert after is not None
    assert after.topics == ("gender",)
    paused = await subscribers.set_subscribed(42, False)
    assert paused is not None
    assert paused.topics == ("gender",)
    assert await subscribers.subscribed() == []


async def test_toggling_for_an_unknown_chat_writes_nothing(fresh_db: Store) -> None:
    assert await fresh_db.subscribers.toggle_topic(7, "climate") is None
    assert await fresh_db.db.fetchall("SELECT * FROM subscriber_topics") == []


async def test_subscribed_filters_by_topic_and_activity(fresh_db: Store) -> None:
    subscribers = fresh_db.subscribers
    for chat_id, topic in ((1, "climate"), (2, "gender"), (3, "climate")):
        await subscribers.ensure(chat_id, "private")
        await subscribers.set_subscribed(chat_id, True)
        await subscribers.toggle_topic(chat_id, topic)
    await subscribers.set_active(3, False)
    assert [s.chat_id for s in await subscribers.subscribed(topics=["climate"])] == [1]
    assert [s.chat_id for s in await subscribers.subscribed()] == [1, 2]


async def test_group_migration_keeps_settings_reminders_and_queued_messages(
    fresh_db: Store,
) -> None:
    subscribers = fresh_db.subscribers
    await subscribers.ensure(-5, "group")
    await subscribers.toggle_topic(-5, "peace")
    post_id = (await fresh_db.posts.upsert(draft("Residency", deadline_in_days=20))).post_id
    assert post_id is not None
    assert await fresh_db.reminders.add(-5, post_id)
    await fresh_db.outbox.enqueue([-5], "queued", kind="staff")
    new_id = -1001234567890123  # needs 64 bits
    await fresh_db.outbox.migrate_chat(-5, new_id)  # the one migration path
    moved = await subscribers.get(new_id)
    assert moved is not None
    assert (moved.chat_type, moved.topics) == ("supergroup", ("peace",))
    assert await subscribers.get(-5) is None
    assert await fresh_db.reminders.has(new_id, post_id)
    rows = await fresh_db.db.fetchall("SELECT chat_id, status FROM outbox")
    assert [tuple(row) for row in rows] == [(new_id, "pending")]
    assert not hasattr(subscribers, "migrate_chat")  # no second, partial path


async def test_stats_by_language_and_topic(fresh_db: Store) -> None:
    subscribers = fresh_db.subscribers
    await subscribers.ensure(1, "private", "ru")
    await subscribers.ensure(2, "private", "sv")
    await subscribers.ensure(3, "private", None)
    await subscribers.ensure(4, "private", "ru")
    for chat_id in (1, 2, 3):
        await subscribers.set_subscribed(chat_id, True)
        await subscribers.toggle_topic(chat_id, "climate")
    await subscribers.set_language(2, "en")
    stats = await subscribers.stats("sv")
    assert (stats.chats, stats.subscribed, stats.inactive) == (4, 3, 0)
    assert stats.by_language == {"en": 1, "ru": 1, "sv": 1}
    assert stats.by_topic == {"climate": 3}
    assert stats.by_frequency == {"instant": 3}


async def test_existing_subscribers_move_to_every_language_and_get_a_default_zone(
    tmp_path: Path,
) -> None:
    """The languages migration: rows created under the old default ("only my language")
    hear about everything now; new rows start there; time zones start unset (the
    language's default applies)."""
    from cagbot.store.database import Database, _statements, migrations

    path = tmp_path / "old.db"
    db = await Database.open(path)
    mine = next(n for n, name, _ in migrations() if name.endswith("_languages.sql"))
    async with db.transaction() as connection:
        for number, _name, sql in migrations()[: mine - 1]:
            for statement in _statements(sql):
                await connection.execute(statement)
            await connection.execute(f"PRAGMA user_version = {number}")
        await connection.execute("INSERT INTO subscribers (chat_id, language) VALUES (1, 'ru')")
    assert (await db.fetchone("SELECT content_languages FROM subscribers"))[0] == "mine"
    await db.migrate()
    await db.close()
    store = await Store.open(path)
    try:
        old = await store.subscribers.get(1)
        assert old is not None
        assert old.content_languages == "all"
        assert old.time_zone is None
        new = await store.subscribers.ensure(2, "private", "sv")
        assert new.content_languages == "all"
        await store.subscribers.set_time_zone(2, "Asia/Bishkek")
        assert await store.subscribers.time_zone_of(2) == "Asia/Bishkek"
    finally:
        await store.close()
