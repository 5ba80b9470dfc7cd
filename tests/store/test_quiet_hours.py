"""The quiet hours store: each chat's choice (validated), the terms a claimed row is judged
by, rows held for the night (released by the given clock, never a paused broadcast's), and
/forget erasing both."""

from __future__ import annotations

import aiosqlite
import pytest

from cagbot.quiet_hours import QuietHours
from cagbot.store import Store
from cagbot.store.audience import Audience, audience_selection
from cagbot.store.quiet_hours import QUIET, mark_broadcast
from cagbot.store.schedules import HELD


async def _chat(store: Store, chat_id: int, language: str = "ru") -> None:
    await store.subscribers.ensure(chat_id, "private")
    await store.subscribers.set_language(chat_id, language)
    await store.subscribers.set_subscribed(chat_id, True)


async def _claim_all(store: Store) -> list[int]:
    return [d.id for d in await store.outbox.claim(100, owner="me", lease=60.0)]


async def test_defaults_changes_and_refusals(fresh_db: Store) -> None:
    assert await fresh_db.quiet_hours.get(1) is None
    await _chat(fresh_db, 1)
    assert await fresh_db.quiet_hours.get(1) == QuietHours("silent", 22, 8)
    assert await fresh_db.quiet_hours.set_mode(1, "hold") == QuietHours("hold", 22, 8)
    assert await fresh_db.quiet_hours.set_start(1, 0) == QuietHours("hold", 0, 8)
    assert await fresh_db.quiet_hours.set_end(1, 6) == QuietHours("hold", 0, 6)
    with pytest.raises(ValueError):
        await fresh_db.quiet_hours.set_mode(1, "loud")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        await fresh_db.quiet_hours.set_start(1, 24)
    assert await fresh_db.quiet_hours.set_mode(2, "off") is None  # no such chat


async def test_terms_name_kind_flags_zone_and_night(fresh_db: Store) -> None:
    await _chat(fresh_db, 1, "sv")
    await fresh_db.subscribers.set_time_zone(1, "Asia/Bishkek")
    await fresh_db.outbox.enqueue([1], "hej", kind="digest", language="sv")
    await fresh_db.outbox.enqueue([99], "staff alert", kind="staff", language="sv")
    terms = await fresh_db.quiet_hours.terms(await _claim_all(fresh_db))
    by_kind = {t.kind: t for t in terms.values()}
    mine = by_kind["digest"]
    assert (mine.kind, mine.urgent, mine.protect, mine.time_zone) == (
        "digest",
        False,
        False,
        "Asia/Bishkek",
    )
    assert mine.quiet == QuietHours()
    # A chat the bot keeps nothing for: the message's language, no quiet hours.
    stranger = by_kind["staff"]
    assert (stranger.language, stranger.time_zone, stranger.quiet) == ("sv", None, None)
    assert await fresh_db.quiet_hours.terms([]) == {}


async def test_broadcast_flags_reach_the_terms(fresh_db: Store) -> None:
    await _chat(fresh_db, 1)

    async def within(connection: aiosqlite.Connection, broadcast_id: int) -> None:
        await mark_broadcast(connection, broadcast_id, urgent=True, protect=True)

    broadcast_id, _ = await fresh_db.outbox.create_broadcast(
        admin_id=None,
        origin="cli",
        texts={"*": "x"},
        per_language={"ru": "x"},
        audience=Audience(),
        selection=audience_selection(Audience(), "en"),
        default_language="en",
        within=within,
    )
    assert await fresh_db.quiet_hours.flags(broadcast_id) == (True, True)
    [terms] = (await fresh_db.quiet_hours.terms(await _claim_all(fresh_db))).values()
    assert (terms.kind, terms.urgent, terms.protect) == ("broadcast", True, True)


async def test_held_rows_wait_outside_every_claim_until_released(fresh_db: Store) -> None:
    await _chat(fresh_db, 1)
    await _chat(fresh_db, 2)
    await fresh_db.outbox.enqueue([1, 2], "night", kind="post")
    claimed = await _claim_all(fresh_db)
    await fresh_db.quiet_hours.hold([(row, 1000.0) for row in claimed], "someone else")
    assert await fresh_db.quiet_hours.held() == 0  # only the claimer's rows are handed back
    await fresh_db.quiet_hours.hold([(row, 1000.0) for row in claimed], "me")
    assert await fresh_db.quiet_hours.held() == 2
    assert await _claim_all(fresh_db) == []
    assert await fresh_db.outbox.next_due() is None  # a CLI drain does not wait for morning
    # One of them belongs to a broadcast paused meanwhile: its row moves to HELD and stays.
    async with fresh_db.db.transaction() as connection:
        await connection.execute(
            "UPDATE outbox SET not_before = ? WHERE id = ?", (HELD, claimed[0])
        )
    assert await fresh_db.quiet_hours.release(999.0) == 0
    assert await fresh_db.quiet_hours.release(1000.0) == 1
    assert await _claim_all(fresh_db) == [claimed[1]]
    row = await fresh_db.db.fetchone("SELECT not_before FROM outbox WHERE id = ?", (claimed[0],))
    assert row is not None
    assert row[0] == HELD != QUIET


async def test_forget_erases_the_choice_and_the_held_rows(fresh_db: Store) -> None:
    await _chat(fresh_db, 1)
    await fresh_db.quiet_hours.set_mode(1, "hold")
    await fresh_db.outbox.enqueue([1], "night", kind="post")
    await fresh_db.quiet_hours.hold([(row, 1000.0) for row in await _claim_all(fresh_db)], "me")
    exported = await fresh_db.privacy.export(1)
    assert exported.as_dict()["subscriber"]["quiet_mode"] == "hold"
    await fresh_db.privacy.erase(1)
    assert await fresh_db.quiet_hours.get(1) is None
    assert await fresh_db.quiet_hours.held() == 0
