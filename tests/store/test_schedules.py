"""Broadcasts planned for later: a staff member's scheduled at once, an editor's awaiting
approval; the open ones soonest first, the due ones by their time; approval, cancelling and
rejecting decided once (who came second is told)."""

from __future__ import annotations

import pytest

from cagbot.store import Store
from cagbot.store.audience import Audience
from cagbot.store.schedules import AlreadyDecided

STAFF, EDITOR = 900_001, 900_002


async def plan(store: Store, *, at: float | None, staff: bool = True, poll: bool = False) -> int:
    return await store.schedules.plan(
        drafted_by=STAFF if staff else EDITOR,
        texts={"ru": "Привет", "sv": "Hej"},
        photo=None,
        audience=Audience("language", "ru"),
        fire_at=at,
        timezone="Asia/Bishkek" if at is not None else None,
        approved_by=STAFF if staff else None,
        poll=poll,
    )


async def test_planned_broadcasts_round_trip_and_open_is_soonest_first(fresh_db: Store) -> None:
    later = await plan(fresh_db, at=2000.0, poll=True)
    draft = await plan(fresh_db, at=None, staff=False)
    sooner = await plan(fresh_db, at=1000.0)
    planned = await fresh_db.schedules.get(later)
    assert planned is not None
    assert (planned.status, planned.approved_by, planned.poll) == ("scheduled", STAFF, True)
    assert planned.texts == {"ru": "Привет", "sv": "Hej"}
    assert planned.audience == Audience("language", "ru")
    assert [p.id for p in await fresh_db.schedules.open()] == [sooner, later, draft]
    assert (await fresh_db.schedules.get(draft)).status == "awaiting_approval"  # type: ignore[union-attr]
    assert await fresh_db.schedules.get(9999) is None


async def test_only_scheduled_ones_whose_time_has_come_are_due(fresh_db: Store) -> None:
    first = await plan(fresh_db, at=1000.0)
    second = await plan(fresh_db, at=1500.0)
    await plan(fresh_db, at=1200.0, staff=False)  # awaiting approval: never due
    await plan(fresh_db, at=3000.0)
    assert [p.id for p in await fresh_db.schedules.due(999.0)] == []
    assert [p.id for p in await fresh_db.schedules.due(1500.0)] == [first, second]


async def test_an_editors_draft_is_decided_once(fresh_db: Store) -> None:
    draft = await plan(fresh_db, at=None, staff=False)
    approved = await fresh_db.schedules.approve(draft, STAFF)
    assert (approved.status, approved.approved_by) == ("scheduled", STAFF)
    with pytest.raises(AlreadyDecided):
        await fresh_db.schedules.approve(draft, STAFF + 5)
    assert await fresh_db.schedules.decide(draft, STAFF, "cancelled")
    assert not await fresh_db.schedules.decide(draft, STAFF, "rejected")
    assert (await fresh_db.schedules.get(draft)).status == "cancelled"  # type: ignore[union-attr]
    assert await fresh_db.schedules.open() == []
    other = await plan(fresh_db, at=None, staff=False)
    assert await fresh_db.schedules.decide(other, STAFF, "rejected")
    with pytest.raises(AlreadyDecided):
        await fresh_db.schedules.approve(other, STAFF)
