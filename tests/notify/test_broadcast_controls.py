"""Pause, resume and cancel of a broadcast in progress, surviving a restart; scheduled
sends fired by a controlled clock; the local times staff write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cagbot.devserver import Emulator
from cagbot.notify.broadcasts import BroadcastService, resolve_sources
from cagbot.notify.dispatcher import Dispatcher
from cagbot.store import Store
from cagbot.store.audience import Audience
from tests.notify.conftest import subscribe

STAFF = 900_001


async def _audience(store: Store, emu: Emulator, n: int) -> list[int]:
    ids = []
    for _ in range(n):
        user = emu.add_user(language_code="ru")
        await subscribe(store, user.id, language="ru")
        ids.append(user.id)
    return ids


async def test_a_paused_broadcast_holds_its_rows_across_a_restart(
    fresh_db: Store, emu: Emulator, make_dispatcher: Callable[..., Dispatcher], tmp_path: Path
) -> None:
    readers = await _audience(fresh_db, emu, 4)
    service = BroadcastService(fresh_db, "en")
    broadcast_id, recipients = await service.start(
        {"*": "Привет"}, Audience(), admin_id=STAFF, origin="bot"
    )
    assert await fresh_db.schedules.pause(broadcast_id, STAFF) == 4
    assert await fresh_db.schedules.pause(broadcast_id, STAFF) is None  # already paused
    assert await make_dispatcher().drain()  # returns: held rows are not due
    assert all(emu.messages(chat_id) == [] for chat_id in readers)
    report = await service.progress(broadcast_id, recipients)
    assert (report.state, report.pending, report.sent) == ("paused", 4, 0)

    await fresh_db.close()  # the bot restarts
    store = await Store.open(tmp_path / "cagbot.db")
    try:
        assert await store.schedules.paused_broadcasts() == [broadcast_id]
        assert await store.schedules.state(broadcast_id) == "paused"
        assert await store.schedules.resume(broadcast_id, STAFF) == 4
        assert await store.schedules.state(broadcast_id) == "running"
        assert await store.outbox.next_due() is not None  # due again
    finally:
        await store.close()


async def test_resume_after_restart_delivers_everything_once(
    tmp_path: Path, emu: Emulator, bot: object
) -> None:
    from cagbot.notify.pacer import PaceLimits, Pacer
    from tests.notify.conftest import FAST_RETRIES

    path = tmp_path / "restart.db"
    store = await Store.open(path)
    readers = await _audience(store, emu, 3)
    service = BroadcastService(store, "en")
    broadcast_id, _ = await service.start({"*": "Привет"}, Audience(), admin_id=STAFF, origin="bot")
    await store.schedules.pause(broadcast_id, STAFF)
    await store.close()

    store = await Store.open(path)
    try:
        await store.schedules.resume(broadcast_id, STAFF)
        dispatcher = Dispatcher(
            store,
            bot,  # type: ignore[arg-type]
            pacer=Pacer(PaceLimits.off()),
            policy=FAST_RETRIES,
            concurrency=4,
        )
        await dispatcher.drain()
        assert [[m.text for m in emu.messages(chat_id)] for chat_id in readers] == [["Привет"]] * 3
        report = await BroadcastService(store, "en").finish(broadcast_id, 3)
        assert (report.state, report.sent, report.pending) == ("done", 3, 0)
    finally:
        await store.close()


async def test_cancel_withdraws_what_is_not_sent_and_the_report_says_so(
    fresh_db: Store, emu: Emulator
) -> None:
    await _audience(fresh_db, emu, 5)
    service = BroadcastService(fresh_db, "en")
    broadcast_id, recipients = await service.start(
        {"*": "Привет"}, Audience(), admin_id=STAFF, origin="bot"
    )
    assert await fresh_db.schedules.cancel(broadcast_id, STAFF) == 5
    assert await fresh_db.schedules.cancel(broadcast_id, STAFF) is None
    assert await fresh_db.schedules.resume(broadcast_id, STAFF) is None
    report = await service.finish(broadcast_id, recipients)
    assert (report.state, report.withdrawn, report.sent, report.pending) == ("cancelled", 5, 0, 0)
    [audit] = await fresh_db.outbox.broadcasts()
    assert audit.status == "cancelled"  # finishing did not turn it into 'done'


async def test_a_cancelled_schedule_never_fires_and_a_due_one_fires_once(
    fresh_db: Store, emu: Emulator
) -> None:
    await _audience(fresh_db, emu, 2)
    now = [1_000_000.0]
    service = BroadcastService(fresh_db, "en", clock=lambda: now[0])
    plan = {
        "drafted_by": STAFF,
        "texts": {"*": "Hi"},
        "photo": None,
        "audience": Audience(),
        "timezone": "Europe/Stockholm",
        "approved_by": STAFF,
    }
    kept = await fresh_db.schedules.plan(fire_at=now[0] + 60, **plan)  # type: ignore[arg-type]
    dropped = await fresh_db.schedules.plan(fire_at=now[0] + 30, **plan)  # type: ignore[arg-type]
    assert await fresh_db.schedules.decide(dropped, STAFF, "cancelled")
    assert await service.fire_due() == []
    now[0] += 60
    [(planned, broadcast_id, recipients)] = await service.fire_due()
    assert (planned.id, recipients) == (kept, 2)
    assert await service.fire_due() == []
    fired = await fresh_db.schedules.get(kept)
    assert fired is not None
    assert (fired.status, fired.broadcast_id) == ("fired", broadcast_id)
    assert len(await fresh_db.outbox.broadcasts()) == 1


def test_fallback_sources_name_whose_text_a_language_gets() -> None:
    assert resolve_sources({"sv": "Hej", "ru": "Привет"}, "en") == {
        "sv": "sv",
        "en": "sv",
        "ru": "ru",
    }
    assert resolve_sources({"*": "Hi", "ru": "Привет"}, "en") == {"sv": "*", "en": "*", "ru": "ru"}
