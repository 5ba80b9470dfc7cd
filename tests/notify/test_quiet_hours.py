"""Quiet hours in the delivery path: the dispatcher judges each claimed row by the chat's
night in its own zone (with a clock the test sets), sends it silently or holds it until the
morning; an urgent broadcast rings; a protected one goes with protect_content."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from cagbot.devserver import Emulator
from cagbot.notify.broadcasts import BroadcastService
from cagbot.notify.dispatcher import Dispatcher
from cagbot.store import Store
from cagbot.store.audience import Audience, audience_selection
from cagbot.store.quiet_hours import mark_broadcast
from tests.notify.conftest import subscribe

pytestmark = pytest.mark.e2e

#: 03:00 in Bishkek (UTC+6), 22:00 in Stockholm; 08:00 in Bishkek the same morning.
NIGHT = datetime(2026, 12, 7, 21, 0, tzinfo=UTC).timestamp()
MORNING = datetime(2026, 12, 8, 2, 0, tzinfo=UTC).timestamp()
NOON = datetime(2026, 12, 8, 6, 0, tzinfo=UTC).timestamp()


def _at(dispatcher: Dispatcher, moment: float) -> Dispatcher:
    dispatcher.clock = lambda: moment
    return dispatcher


async def test_at_night_silent_by_default_and_ringing_by_day(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    user = emu.add_user()
    await subscribe(fresh_db, user.id, language="ru")
    await fresh_db.outbox.enqueue([user.id], "ночью", kind="post")
    assert (await _at(make_dispatcher(), NIGHT).drain()).sent == 1
    await fresh_db.outbox.enqueue([user.id], "днём", kind="post")
    assert (await _at(make_dispatcher(), NOON).drain()).sent == 2
    night, day = emu.messages(user.id)
    assert (night.text, night.disable_notification) == ("ночью", True)
    assert (day.text, day.disable_notification) == ("днём", False)
    assert not night.protect_content


async def test_hold_keeps_the_message_until_eight_local_then_it_rings(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    user = emu.add_user()
    await subscribe(fresh_db, user.id, language="ru")
    assert await fresh_db.quiet_hours.set_mode(user.id, "hold") is not None
    await fresh_db.outbox.enqueue([user.id], "утром", kind="opportunity")
    counts = await _at(make_dispatcher(), NIGHT).drain()  # returns: nothing is due tonight
    assert (counts.sent, counts.pending) == (0, 1)
    assert await fresh_db.quiet_hours.held() == 1
    assert emu.messages(user.id) == []
    # A minute before eight: still held.
    counts = await _at(make_dispatcher(), MORNING - 60).drain()
    assert counts.sent == 0
    counts = await _at(make_dispatcher(), MORNING).drain()
    assert counts.sent == 1
    [message] = emu.messages(user.id)
    assert (message.text, message.disable_notification) == ("утром", False)
    assert await fresh_db.quiet_hours.held() == 0


async def test_off_rings_at_night_but_a_digest_never_does(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    user = emu.add_user()
    await subscribe(fresh_db, user.id, language="sv")
    await fresh_db.quiet_hours.set_mode(user.id, "off")
    await fresh_db.outbox.enqueue([user.id], "inlägg", kind="post")
    await fresh_db.outbox.enqueue([user.id], "sammandrag", kind="digest")
    assert (await _at(make_dispatcher(), NIGHT).drain()).sent == 2  # 22:00 in Stockholm
    post, digest = emu.messages(user.id)
    assert (post.text, post.disable_notification) == ("inlägg", False)
    assert (digest.text, digest.disable_notification) == ("sammandrag", True)


async def test_a_chosen_window_and_zone_are_honoured(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    user = emu.add_user()
    await subscribe(fresh_db, user.id, language="en")  # Stockholm by default: 22:00 now
    await fresh_db.quiet_hours.set_start(user.id, 23)
    await fresh_db.outbox.enqueue([user.id], "before the night", kind="post")
    await _at(make_dispatcher(), NIGHT).drain()
    await fresh_db.subscribers.set_time_zone(user.id, "Asia/Bishkek")  # 03:00 there
    await fresh_db.outbox.enqueue([user.id], "in the night", kind="post")
    await _at(make_dispatcher(), NIGHT).drain()
    assert [m.disable_notification for m in emu.messages(user.id)] == [False, True]


async def test_urgent_rings_at_night_and_protected_goes_with_protect_content(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    silent, holding = emu.add_user(), emu.add_user()
    await subscribe(fresh_db, silent.id, language="ru")
    await subscribe(fresh_db, holding.id, language="ru")
    await fresh_db.quiet_hours.set_mode(holding.id, "hold")

    async def broadcast(text: str, *, urgent: bool, protect: bool) -> None:
        await fresh_db.outbox.create_broadcast(
            admin_id=1,
            origin="bot",
            texts={"*": text},
            per_language={"ru": text},
            audience=Audience(),
            selection=audience_selection(Audience(), "en"),
            default_language="en",
            within=functools.partial(mark_broadcast, urgent=urgent, protect=protect),
        )

    await broadcast("срочно", urgent=True, protect=True)
    assert (await _at(make_dispatcher(), NIGHT).drain()).sent == 2
    for user in (silent, holding):
        [message] = emu.messages(user.id)
        assert (message.disable_notification, message.protect_content) == (False, True)
    await broadcast("не срочно", urgent=False, protect=False)
    assert (await _at(make_dispatcher(), NIGHT).drain()).sent == 3
    assert emu.messages(silent.id)[-1].disable_notification
    assert not emu.messages(silent.id)[-1].protect_content
    assert len(emu.messages(holding.id)) == 1  # held for the morning


async def test_a_scheduled_broadcast_keeps_its_flags_until_it_fires(
    emu: Emulator, fresh_db: Store, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    user = emu.add_user()
    await subscribe(fresh_db, user.id, language="ru")
    await fresh_db.quiet_hours.set_mode(user.id, "hold")
    service = BroadcastService(fresh_db, "en", clock=lambda: NIGHT)
    planned_id = await fresh_db.schedules.plan(
        drafted_by=1,
        texts={"*": "Завтра офис закрыт"},
        photo=None,
        audience=Audience(),
        fire_at=NIGHT - 1,
        timezone="Asia/Bishkek",
        approved_by=1,
    )
    await fresh_db.quiet_hours.set_planned_flags(planned_id, urgent=True, protect=True)
    [(_, broadcast_id, recipients)] = await service.fire_due()
    assert recipients == 1
    assert await fresh_db.quiet_hours.flags(broadcast_id) == (True, True)
    assert (await _at(make_dispatcher(), NIGHT).drain()).sent == 1  # urgent: not held
    [message] = emu.messages(user.id)
    assert (message.disable_notification, message.protect_content) == (False, True)
