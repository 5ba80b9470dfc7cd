"""A person's data: the export holds every row keyed by their chat id; erasing removes all of
it (and nobody else's) in one go, leaving staff broadcasts as the audit trail."""

from __future__ import annotations

from pathlib import Path

from cagbot.store import Store

ME, OTHER = 7_345_918_226, 7_345_918_227


async def _seed(store: Store) -> int:
    """Two people with settings, topics, a reminder, a digest item and deliveries; I am also
    staff with one broadcast. Returns the opportunity's post id."""
    db = store.db
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "INSERT INTO posts (key, title, language, kind, source) "
            "VALUES ('internship osh', 'Internship in Osh', 'en', 'opportunity', 'test')"
        )
        post_id = int(cursor.lastrowid or 0)
        await connection.execute(
            "INSERT INTO opportunities (post_id, type, deadline) VALUES (?, 'internship', "
            "'2026-10-01')",
            (post_id,),
        )
        await connection.execute(
            "INSERT INTO broadcasts (admin_id, origin, texts, audience, recipients) "
            'VALUES (?, \'bot\', \'{"*": "hi"}\', \'{"kind": "all"}\', 2)',
            (ME,),
        )
        cursor = await connection.execute(
            "INSERT INTO outbox_messages (kind, text) VALUES ('broadcast', 'hi')"
        )
        message_id = int(cursor.lastrowid or 0)
        await connection.executemany(
            "INSERT INTO outbox (message_id, chat_id, status) VALUES (?, ?, ?)",
            [(message_id, ME, "sent"), (message_id, OTHER, "pending")],
        )
    for chat_id in (ME, OTHER):
        await store.subscribers.ensure(chat_id, "private", "ru")
        await store.subscribers.set_subscribed(chat_id, True)
        await store.subscribers.set_topics(chat_id, ["climate", "gender"])
        assert await store.reminders.add(chat_id, post_id)
        outcome, saved = await store.saved_searches.add(chat_id, "stazhirovka Bishkek")
        assert outcome == "added"
        assert saved is not None
        async with db.transaction() as connection:
            await connection.execute(
                "INSERT INTO saved_search_hits (search_id, post_id) VALUES (?, ?)",
                (saved.id, post_id),
            )
    async with db.transaction() as connection:
        await connection.executemany(
            "INSERT INTO digest_items (chat_id, post_id) VALUES (?, ?)",
            [(ME, post_id), (OTHER, post_id)],
        )
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "INSERT INTO outbox_messages (kind, text) VALUES ('post', 'news')"
        )
        await connection.execute(
            "INSERT INTO outbox (message_id, chat_id) VALUES (?, ?)", (cursor.lastrowid, ME)
        )
    # Ask CAG: each of us asked staff twice; my first thread is closed, the second open.
    for chat_id in (ME, OTHER):
        thread = await store.questions.start_thread(chat_id, -100_555, "ru")
        await store.questions.add_question(thread.id, 10)
        await store.questions.add_question(thread.id, 11)
    mine = await store.questions.open_thread(ME)
    assert mine is not None
    await store.questions.close(mine.id)
    thread = await store.questions.start_thread(ME, -100_555, "ru")
    await store.questions.add_question(thread.id, 12)
    return post_id


async def test_export_holds_every_row_of_the_person(fresh_db: Store) -> None:
    post_id = await _seed(fresh_db)
    data = await fresh_db.privacy.export(ME)
    assert data.subscriber is not None
    assert data.subscriber["chat_id"] == ME
    assert data.subscriber["telegram_language"] == "ru"
    assert data.subscriber["subscribed"] == 1
    assert data.subscriber["subscribed_at"]  # set by the 0002 trigger
    assert data.topics == ("climate", "gender")
    assert [(r.post_id, r.title) for r in data.reminders] == [(post_id, "Internship in Osh")]
    assert data.digest_items == 1
    assert data.deliveries == {"pending": 1, "sent": 1}
    assert [b.recipients for b in data.broadcasts] == [2]
    assert data.saved_searches == (("stazhirovka Bishkek", False),)
    assert data.as_dict()["saved_searches"] == [{"query": "stazhirovka Bishkek", "paused": False}]
    assert not data.empty
    assert data.as_dict()["topics"] == ["climate", "gender"]


async def test_export_of_a_stranger_is_empty(fresh_db: Store) -> None:
    await _seed(fresh_db)
    data = await fresh_db.privacy.export(123)
    assert data.empty
    assert data.subscriber is None


async def test_erase_removes_everything_of_the_person_and_nothing_else(fresh_db: Store) -> None:
    await _seed(fresh_db)
    before_other = await fresh_db.privacy.export(OTHER)
    erased = await fresh_db.privacy.erase(ME)
    assert (
        erased.subscriber,
        erased.topics,
        erased.reminders,
        erased.digest_items,
        erased.deliveries,
        erased.question_threads,
        erased.saved_searches,
    ) == (1, 2, 1, 1, 2, 2, 1)
    after = await fresh_db.privacy.export(ME)
    assert after.subscriber is None
    assert (after.topics, after.reminders, after.digest_items, after.deliveries) == (
        (),
        (),
        0,
        {},
    )
    # The audit trail of what staff sent stays; nothing is left that could deliver to me.
    assert len(after.broadcasts) == 1
    pending = await fresh_db.db.fetchall("SELECT chat_id FROM outbox")
    assert [row["chat_id"] for row in pending] == [OTHER]
    assert after.saved_searches == ()
    # The searches' record of what they told went with them; the other person's stays.
    hits = await fresh_db.db.fetchall(
        "SELECT s.chat_id FROM saved_search_hits h JOIN saved_searches s ON s.id = h.search_id"
    )
    assert [row["chat_id"] for row in hits] == [OTHER]
    assert await fresh_db.privacy.export(OTHER) == before_other
    # Ask CAG: no thread names me any more, none of mine is open, and the times stay.
    assert after.questions == 0
    assert before_other.questions == 2
    threads = await fresh_db.db.fetchall("SELECT chat_id, closed_at FROM question_threads")
    assert sorted(str(row["chat_id"]) for row in threads) == sorted(["None", "None", str(OTHER)])
    assert all(row["closed_at"] for row in threads if row["chat_id"] is None)
    assert (await fresh_db.questions.stats()).asked == 5
    again = await fresh_db.privacy.erase(ME)
    assert again.total == 0


async def test_erased_rows_are_overwritten_on_disk(fresh_db: Store) -> None:
    row = await fresh_db.db.fetchone("PRAGMA secure_delete")
    assert row is not None
    assert row[0] == 1


def _wal_bytes(database: Path) -> bytes:
    wal = Path(f"{database}-wal")
    return wal.read_bytes() if wal.exists() else b""


async def test_forget_leaves_no_trace_of_the_chat_id_in_the_wal(fresh_db: Store) -> None:
    await _seed(fresh_db)
    path = Path(str(fresh_db.db.path))
    # SQLite stores this id as a 6-byte big-endian integer in every record that holds it.
    me = ME.to_bytes(6, "big")
    assert me in _wal_bytes(path)  # the seeded rows live in the WAL until a checkpoint
    await fresh_db.privacy.erase(ME)
    assert me not in _wal_bytes(path)
