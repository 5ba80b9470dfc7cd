"""Ask CAG's routing rows: one open thread per person, found again by its forum topic or by
a staff-chat message; closing opens a new thread next time; counts and times only."""

from __future__ import annotations

from cagbot.store import Store

ASKER, OTHER, INBOX = 7_111, 7_222, -100_999


async def test_a_person_has_one_open_thread_and_a_closed_one_is_not_reused(
    fresh_db: Store,
) -> None:
    questions = fresh_db.questions
    assert await questions.open_thread(ASKER) is None
    first = await questions.start_thread(ASKER, INBOX, "ru")
    assert (first.chat_id, first.inbox_chat_id, first.language, first.closed) == (
        ASKER,
        INBOX,
        "ru",
        False,
    )
    assert await questions.start_thread(ASKER, INBOX, "ru") == first
    assert await questions.close(first.id)
    assert not await questions.close(first.id)
    second = await questions.start_thread(ASKER, INBOX, "sv")
    assert second.id != first.id
    assert second.language == "sv"
    assert await questions.open_thread(ASKER) == second
    await questions.set_language(second.id, "ru")
    switched = await questions.open_thread(ASKER)
    assert switched is not None
    assert switched.language == "ru"


async def test_threads_are_found_by_topic_and_by_message(fresh_db: Store) -> None:
    questions = fresh_db.questions
    mine = await questions.start_thread(ASKER, INBOX, "en")
    theirs = await questions.start_thread(OTHER, INBOX, "en")
    await questions.set_topic(mine.id, 42)
    await questions.add_question(mine.id, 100)
    await questions.add_question(theirs.id, 101)
    await questions.add_question(mine.id, 102)
    found = await questions.thread_for_topic(INBOX, 42)
    assert found is not None
    assert found.id == mine.id
    assert found.topic_id == 42
    assert await questions.thread_for_topic(INBOX, 43) is None
    assert await questions.thread_for_topic(-1, 42) is None
    by_message = await questions.thread_for_message(INBOX, 101)
    assert by_message is not None
    assert by_message.id == theirs.id
    assert await questions.thread_for_message(INBOX, 999) is None
    assert await questions.last_message(mine.id) == 102


async def test_answers_and_spam_counts_and_stats_hold_no_contents(fresh_db: Store) -> None:
    questions = fresh_db.questions
    thread = await questions.start_thread(ASKER, INBOX, "ru")
    for message_id in (1, 2, 3):
        await questions.add_question(thread.id, message_id)
    assert await questions.asked_within_hour(ASKER) == 3
    assert await questions.asked_within_hour(OTHER) == 0
    # An hour-old question no longer counts.
    async with fresh_db.db.transaction() as connection:
        await connection.execute(
            "UPDATE questions SET asked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 hours'),"
            " answered_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hours')"
            " WHERE inbox_message_id = 1"
        )
    assert await questions.asked_within_hour(ASKER) == 2
    assert await questions.answered(thread.id) == 2
    assert await questions.answered(thread.id) == 0
    stats = await questions.stats()
    assert (stats.asked, stats.answered, stats.open_threads) == (3, 3, 1)
    assert stats.median_first_answer_seconds is not None
    assert 0 <= stats.median_first_answer_seconds < 3600 + 60


async def test_staff_are_told_of_a_block_once_until_the_person_writes_again(
    fresh_db: Store,
) -> None:
    questions = fresh_db.questions
    thread = await questions.start_thread(ASKER, INBOX, "ru")
    assert await questions.tell_blocked_once(thread.id)
    assert not await questions.tell_blocked_once(thread.id)
    await questions.unblocked(ASKER)
    assert await questions.tell_blocked_once(thread.id)
