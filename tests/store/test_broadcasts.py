"""Broadcast records (cagbot.store.broadcasts): a broadcast and its deliveries are written in
one transaction, per effective language; its counts, outcome, progress message and the
list /broadcasts shows; on a fresh database."""

from __future__ import annotations

import aiosqlite
import pytest

from cagbot.store import Store
from cagbot.store.audience import Audience, audience_selection
from cagbot.store.outcomes import DeliveryResult, ResultStatus

_ALL = Audience()


async def _subscribers(store: Store, languages: dict[int, str | None]) -> None:
    for chat_id, language in languages.items():
        await store.subscribers.ensure(chat_id, "private")
        await store.subscribers.set_subscribed(chat_id, True)
        await store.subscribers.set_language(chat_id, language)


async def _broadcast(
    store: Store, per_language: dict[str, str], audience: Audience = _ALL, **kw: object
) -> tuple[int, int]:
    return await store.outbox.create_broadcast(
        admin_id=42,
        origin="bot",
        texts={"*": "hello"},
        per_language=per_language,
        audience=audience,
        selection=audience_selection(audience, "en"),
        default_language="en",
        **kw,  # type: ignore[arg-type]
    )


async def test_each_chat_gets_the_text_of_its_effective_language(fresh_db: Store) -> None:
    await _subscribers(fresh_db, {1: "sv", 2: "ru", 3: None})  # 3: the default, en
    broadcast_id, recipients = await _broadcast(
        fresh_db, {"sv": "hej", "ru": "привет", "en": "hello"}
    )
    assert recipients == 3
    assert await fresh_db.outbox.recipients_of(broadcast_id) == 3
    rows = await fresh_db.db.fetchall(
        "SELECT o.chat_id, m.text FROM outbox o JOIN outbox_messages m ON m.id = o.message_id "
        "WHERE m.broadcast_id = ? ORDER BY o.chat_id",
        (broadcast_id,),
    )
    assert [(r[0], r[1]) for r in rows] == [(1, "hej"), (2, "привет"), (3, "hello")]
    assert await fresh_db.outbox.unfinished_broadcasts() == [broadcast_id]


async def test_a_broadcast_to_nobody_is_done_at_once(fresh_db: Store) -> None:
    await _subscribers(fresh_db, {1: "sv"})
    broadcast_id, recipients = await _broadcast(
        fresh_db, {"ru": "привет"}, Audience("language", "ru")
    )
    assert recipients == 0
    assert await fresh_db.outbox.unfinished_broadcasts() == []
    [record] = await fresh_db.outbox.broadcasts()
    assert (record.id, record.status, record.recipients) == (broadcast_id, "done", 0)
    assert record.finished_at is not None


async def test_what_runs_within_shares_the_transaction(fresh_db: Store) -> None:
    await _subscribers(fresh_db, {1: "en"})
    seen: list[int] = []

    async def mark(connection: aiosqlite.Connection, broadcast_id: int) -> None:
        seen.append(broadcast_id)
        raise RuntimeError("crash before the commit")

    with pytest.raises(RuntimeError):
        await _broadcast(fresh_db, {"en": "hello"}, within=mark)
    assert len(seen) == 1
    assert await fresh_db.outbox.broadcasts() == []
    assert (await fresh_db.outbox.counts()).total == 0  # nothing half-written


async def test_counts_and_the_final_outcome_come_from_the_rows(fresh_db: Store) -> None:
    await _subscribers(fresh_db, {1: "en", 2: "en", 3: "en", 4: "en"})
    broadcast_id, _ = await _broadcast(fresh_db, {"en": "hello"})
    taken = await fresh_db.outbox.claim(4, owner="me")
    outcomes: tuple[ResultStatus, ...] = ("sent", "blocked", "blocked", "failed")
    await fresh_db.outbox.record(
        [
            DeliveryResult(d.id, d.chat_id, s, 1, owner="me")
            for d, s in zip(taken, outcomes, strict=True)
        ]
    )
    counts = await fresh_db.outbox.broadcast_counts(broadcast_id)
    assert (counts.sent, counts.blocked, counts.failed, counts.done) == (1, 2, 1, 4)
    assert await fresh_db.outbox.broadcasts_done() == 0
    await fresh_db.outbox.finish_broadcast(broadcast_id)
    assert await fresh_db.outbox.broadcasts_done() == 1
    [record] = await fresh_db.outbox.broadcasts()
    assert (record.status, record.sent, record.blocked, record.failed) == ("done", 1, 2, 1)
    assert (record.admin_id, record.origin, record.texts) == (42, "bot", {"*": "hello"})
    assert record.audience == Audience()


async def test_a_cancelled_broadcast_stays_cancelled_when_finished(fresh_db: Store) -> None:
    await _subscribers(fresh_db, {1: "en"})
    broadcast_id, _ = await _broadcast(fresh_db, {"en": "hello"})
    await fresh_db.db.connection.execute(
        "UPDATE broadcasts SET status = 'cancelled' WHERE id = ?", (broadcast_id,)
    )
    await fresh_db.outbox.finish_broadcast(broadcast_id)
    [record] = await fresh_db.outbox.broadcasts()
    assert record.status == "cancelled"
    assert await fresh_db.outbox.broadcasts_done() == 0


async def test_the_progress_message_is_remembered(fresh_db: Store) -> None:
    await _subscribers(fresh_db, {1: "en"})
    broadcast_id, _ = await _broadcast(fresh_db, {"en": "hello"})
    assert await fresh_db.outbox.progress_message(broadcast_id) is None
    await fresh_db.outbox.set_progress(broadcast_id, 42, 7, "sv")
    assert await fresh_db.outbox.progress_message(broadcast_id) == (42, 7, "sv")


async def test_the_list_is_newest_first_and_limited(fresh_db: Store) -> None:
    await _subscribers(fresh_db, {1: "en"})
    ids = [(await _broadcast(fresh_db, {"en": f"n{i}"}))[0] for i in range(3)]
    assert [r.id for r in await fresh_db.outbox.broadcasts(limit=2)] == ids[::-1][:2]
