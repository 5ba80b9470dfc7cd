"""Saved searches in the store: the cap, ownership, rename/pause/delete, and alerts that are
queued once per search and post, never for a paused, deleted or erased search, nor a
blocked chat."""

from __future__ import annotations

from cagbot.store import Store
from cagbot.store.saved_searches import MAX_PER_CHAT, Alert
from cagbot.store.search_index import Marks

ME, OTHER = 7_100_000_001, 7_100_000_002


async def _post(store: Store, title: str = "Стажировка в Бишкеке") -> int:
    async with store.db.transaction() as connection:
        cursor = await connection.execute(
            "INSERT INTO posts (key, title, language, source) VALUES (?, ?, 'ru', 'test')",
            (title.lower(), title),
        )
    return int(cursor.lastrowid or 0)


async def _person(store: Store, chat_id: int = ME) -> None:
    await store.subscribers.ensure(chat_id, "private", "ru")


def _alert(chat_id: int, post_id: int, *search_ids: int) -> Alert:
    return Alert(chat_id, post_id, search_ids, "post", "ru", f"🔔 {post_id}")


async def _queued(store: Store) -> list[tuple[int, str]]:
    rows = await store.db.fetchall(
        "SELECT o.chat_id, m.text FROM outbox o JOIN outbox_messages m ON m.id = o.message_id "
        "ORDER BY o.id"
    )
    return [(int(row[0]), str(row[1])) for row in rows]


async def test_saved_as_typed_listed_in_order_and_capped(fresh_db: Store) -> None:
    await _person(fresh_db)
    outcome, first = await fresh_db.saved_searches.add(ME, "  stazhirovka Bishkek ")
    assert outcome == "added"
    assert first is not None
    assert first.query == "stazhirovka Bishkek"
    assert not first.paused
    # The same words again are the same search, not a second one.
    assert (await fresh_db.saved_searches.add(ME, "stazhirovka Bishkek"))[0] == "exists"
    for n in range(2, MAX_PER_CHAT + 1):
        assert (await fresh_db.saved_searches.add(ME, f"praktik {n}"))[0] == "added"
    assert await fresh_db.saved_searches.add(ME, "one too many") == ("full", None)
    listed = await fresh_db.saved_searches.of_chat(ME)
    assert len(listed) == MAX_PER_CHAT
    assert listed[0].query == "stazhirovka Bishkek"


async def test_another_chats_search_cannot_be_touched(fresh_db: Store) -> None:
    await _person(fresh_db)
    await _person(fresh_db, OTHER)
    _, mine = await fresh_db.saved_searches.add(ME, "grant")
    assert mine is not None
    saved = fresh_db.saved_searches
    assert await saved.get(OTHER, mine.id) is None
    assert await saved.rename(OTHER, mine.id, "hacked") == "missing"
    assert await saved.set_paused(OTHER, mine.id, True) is None
    assert not await saved.delete(OTHER, mine.id)
    still = await saved.get(ME, mine.id)
    assert still is not None
    assert still.query == "grant"
    assert not still.paused


async def test_rename_pause_resume_delete(fresh_db: Store) -> None:
    await _person(fresh_db)
    saved = fresh_db.saved_searches
    _, one = await saved.add(ME, "grant")
    _, two = await saved.add(ME, "residency")
    assert one is not None
    assert two is not None
    assert await saved.rename(ME, one.id, "grant Osh") == "renamed"
    assert await saved.rename(ME, one.id, "residency") == "exists"
    paused = await saved.set_paused(ME, one.id, True)
    assert paused is not None
    assert paused.paused
    assert paused.query == "grant Osh"
    assert [w.query for w in await saved.watching()] == ["residency"]
    await saved.set_paused(ME, one.id, False)
    assert [w.query for w in await saved.watching()] == ["grant Osh", "residency"]
    assert await saved.delete(ME, two.id)
    assert [s.query for s in await saved.of_chat(ME)] == ["grant Osh"]


async def test_an_alert_is_queued_once_per_search_and_post(fresh_db: Store) -> None:
    await _person(fresh_db)
    post_id = await _post(fresh_db)
    _, search = await fresh_db.saved_searches.add(ME, "stazhirovka")
    assert search is not None
    assert await fresh_db.saved_searches.deliver([_alert(ME, post_id, search.id)]) == 1
    assert await fresh_db.saved_searches.told([(search.id, post_id)]) == {(search.id, post_id)}
    # Matched again (a new translation, a restart): nothing more.
    assert await fresh_db.saved_searches.deliver([_alert(ME, post_id, search.id)]) == 0
    assert await _queued(fresh_db) == [(ME, f"🔔 {post_id}")]


async def test_no_alert_for_a_paused_deleted_or_blocked_search(fresh_db: Store) -> None:
    await _person(fresh_db)
    await _person(fresh_db, OTHER)
    post_id = await _post(fresh_db)
    saved = fresh_db.saved_searches
    _, paused = await saved.add(ME, "paused")
    _, deleted = await saved.add(ME, "deleted")
    _, blocked = await saved.add(OTHER, "blocked")
    assert paused is not None
    assert deleted is not None
    assert blocked is not None
    await saved.set_paused(ME, paused.id, True)
    await saved.delete(ME, deleted.id)
    await fresh_db.subscribers.set_active(OTHER, False)
    assert [w.query for w in await saved.watching()] == []
    alerts = [
        _alert(ME, post_id, paused.id),
        _alert(ME, post_id, deleted.id),
        _alert(OTHER, post_id, blocked.id),
    ]
    assert await saved.deliver(alerts) == 0
    assert await _queued(fresh_db) == []


async def test_forget_between_matching_and_queueing_queues_nothing(fresh_db: Store) -> None:
    await _person(fresh_db)
    post_id = await _post(fresh_db)
    _, search = await fresh_db.saved_searches.add(ME, "stazhirovka")
    assert search is not None
    matched = _alert(ME, post_id, search.id)  # read before /forget...
    erased = await fresh_db.privacy.erase(ME)
    assert erased.saved_searches == 1
    assert await fresh_db.saved_searches.deliver([matched]) == 0  # ...written after it
    assert await _queued(fresh_db) == []


async def test_a_deleted_post_takes_its_hits_along(fresh_db: Store) -> None:
    await _person(fresh_db)
    post_id = await _post(fresh_db)
    _, search = await fresh_db.saved_searches.add(ME, "stazhirovka")
    assert search is not None
    await fresh_db.saved_searches.deliver([_alert(ME, post_id, search.id)])
    async with fresh_db.db.transaction() as connection:
        await connection.execute("DELETE FROM posts WHERE id = ?", (post_id,))
    assert await fresh_db.saved_searches.told([(search.id, post_id)]) == set()


async def test_marks_are_kept(fresh_db: Store) -> None:
    saved = fresh_db.saved_searches
    assert await saved.marks() is None
    await saved.set_marks(Marks("2026-01-01T00:00:00Z", ""))
    await saved.set_marks(Marks("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"))
    assert await saved.marks() == Marks("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z")


async def test_one_message_per_post_for_a_subscriber(fresh_db: Store) -> None:
    """A subscriber whose saved search found a post gets the alert and not the post's
    announcement too; one who got the announcement first gets no alert."""
    from cagbot.store.audience import post_selection

    for chat_id in (ME, OTHER):
        await _person(fresh_db, chat_id)
        await fresh_db.subscribers.set_subscribed(chat_id, True)
    first, second = await _post(fresh_db), await _post(fresh_db, "Стажировка в Оше")
    _, mine = await fresh_db.saved_searches.add(ME, "stazhirovka")
    _, theirs = await fresh_db.saved_searches.add(OTHER, "stazhirovka")
    assert mine is not None
    assert theirs is not None
    # The alert first: the announcement skips me, not the other subscriber.
    assert await fresh_db.saved_searches.deliver([_alert(ME, first, mine.id)]) == 1
    await fresh_db.outbox.fan_out_post(
        first, "post", {"ru": "📰 first"}, post_selection(first, "en"), "en"
    )
    # The announcement first: the alert is recorded as told and not sent.
    await fresh_db.outbox.fan_out_post(
        second, "post", {"ru": "📰 second"}, post_selection(second, "en"), "en"
    )
    assert await fresh_db.saved_searches.deliver([_alert(OTHER, second, theirs.id)]) == 0
    assert await fresh_db.saved_searches.told([(theirs.id, second)]) == {(theirs.id, second)}
    queued = await _queued(fresh_db)
    assert {text for chat, text in queued if chat == ME} == {f"🔔 {first}", "📰 second"}
    assert {text for chat, text in queued if chat == OTHER} == {"📰 first", "📰 second"}
    assert len(queued) == 4


async def test_news_are_posts_written_or_translated_after_the_marks(fresh_db: Store) -> None:
    old = await _post(fresh_db, "Praktik i Osj")
    marks = await fresh_db.search_index.marks()
    assert await fresh_db.saved_searches.news_since(marks) == []  # the tie at the mark: old
    new = await _post(fresh_db, "Стажировка в Бишкеке")
    async with fresh_db.db.transaction() as connection:  # later, even within a millisecond
        await connection.execute(
            "UPDATE posts SET updated_at = '2998-01-01T00:00:00.000Z' WHERE id = ?", (new,)
        )
    assert await fresh_db.saved_searches.news_since(marks) == [new]
    # A machine translation of the old post makes it news again (it may match now).
    async with fresh_db.db.transaction() as connection:
        await connection.execute(
            "INSERT INTO translations (source_language, target_language, source_text, text, "
            "created_at) VALUES ('ru', 'sv', 'Praktik i Osj', 'Praktik i Osj', "
            "'2999-01-01T00:00:00.000Z')"
        )
    assert await fresh_db.saved_searches.news_since(marks) == [old, new]
