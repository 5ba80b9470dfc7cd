"""Quick polls as broadcasts: staff's lines read as Telegram would take them, a poll
broadcast queued per language and sent by the dispatcher as anonymous polls, Telegram's
totals added up per language, and scheduling, cancelling and pausing like any broadcast."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cagbot.devserver import Emulator
from cagbot.notify.broadcasts import BroadcastService
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.polls import PollError, parse_poll
from cagbot.store import Store
from cagbot.store.audience import Audience
from tests.notify.conftest import subscribe

STAFF = 900_001
SV = "Vilken dag?\nLördag\nSöndag"
RU = "Какой день?\n1. Суббота\n2. Воскресенье"


def test_staff_lines_become_a_poll_with_list_marks_dropped() -> None:
    poll = parse_poll("  Which day?\n\n- Saturday\n• Sunday\n3. Any day\n")
    assert poll.question == "Which day?"
    assert poll.options == ("Saturday", "Sunday", "Any day")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Only a question", "few_options"),
        ("Q?\nOne option", "few_options"),
        ("Q?\n" + "\n".join(f"option {n}" for n in range(11)), "many_options"),
        ("Q" * 301 + "\nA\nB", "long_question"),
        ("Q?\nA\n" + "B" * 101, "long_option"),
        ("Q?\nYes\nyes", "repeated"),
    ],
)
def test_a_poll_telegram_would_refuse_is_refused_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(PollError) as error:
        parse_poll(text)
    assert error.value.reason == reason


async def _readers(store: Store, emu: Emulator, languages: list[str]) -> list[int]:
    ids = []
    for language in languages:
        user = emu.add_user(language_code=language)
        await subscribe(store, user.id, language=language)
        ids.append(user.id)
    return ids


async def test_a_poll_broadcast_goes_out_as_anonymous_polls_and_totals_add_up(
    fresh_db: Store, emu: Emulator, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    readers = await _readers(fresh_db, emu, ["sv", "ru", "ru"])
    service = BroadcastService(fresh_db, "en")
    preview = await service.preview({"sv": SV, "ru": RU}, Audience(), poll=True)
    assert preview.foreign == {}  # a poll carries no 🌐 mark, so the preview claims none
    broadcast_id, recipients = await service.start(
        {"sv": SV, "ru": RU}, Audience(), admin_id=STAFF, origin="bot", poll=True
    )
    assert recipients == 3
    await make_dispatcher().drain()
    sent = {chat_id: emu.messages(chat_id)[-1] for chat_id in readers}
    polls = {chat_id: emu.poll_of(message) for chat_id, message in sent.items()}
    assert all(poll.is_anonymous for poll in polls.values())
    assert polls[readers[0]].options == ["Lördag", "Söndag"]
    assert polls[readers[1]].question == "Какой день?"
    # What Telegram reports, poll by poll (the bot's poll handler does this).
    for chat_id, choice in zip(readers, [1, 0, 1], strict=True):
        poll = polls[chat_id]
        emu.vote(emu.users[chat_id], sent[chat_id], choice)
        await fresh_db.polls.update(poll.id, poll.counts())
    totals = {v.language: (v.votes, v.polls) for v in await fresh_db.polls.totals(broadcast_id)}
    assert totals["sv"] == ((0, 1), 1)
    assert totals["ru"] == ((1, 1), 2)
    [record] = await fresh_db.outbox.broadcasts()
    assert record.poll


async def test_a_cancelled_poll_broadcast_sends_nothing_more(
    fresh_db: Store, emu: Emulator, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    readers = await _readers(fresh_db, emu, ["ru", "ru"])
    service = BroadcastService(fresh_db, "en")
    broadcast_id, _ = await service.start(
        {"*": RU}, Audience(), admin_id=STAFF, origin="bot", poll=True
    )
    assert await fresh_db.schedules.cancel(broadcast_id, STAFF) == 2
    await make_dispatcher().drain()
    assert all(emu.messages(chat_id) == [] for chat_id in readers)
    assert all(version.polls == 0 for version in await fresh_db.polls.totals(broadcast_id))


async def test_a_scheduled_poll_fires_as_a_poll_and_a_cancelled_plan_never(
    fresh_db: Store, emu: Emulator, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    (reader,) = await _readers(fresh_db, emu, ["ru"])
    now = [1_000_000.0]
    service = BroadcastService(fresh_db, "en", clock=lambda: now[0])

    async def plan(at: float) -> int:
        return await fresh_db.schedules.plan(
            drafted_by=STAFF,
            texts={"*": RU},
            photo=None,
            audience=Audience(),
            fire_at=at,
            timezone="Asia/Bishkek",
            approved_by=STAFF,
            poll=True,
        )

    kept, dropped = await plan(now[0] + 60), await plan(now[0] + 30)
    assert (await fresh_db.schedules.get(kept)).poll  # type: ignore[union-attr]
    assert await fresh_db.schedules.decide(dropped, STAFF, "cancelled")
    assert await service.fire_due() == []
    now[0] += 61
    [(planned, broadcast_id, recipients)] = await service.fire_due()
    assert (planned.id, recipients) == (kept, 1)
    await make_dispatcher().drain()
    [message] = emu.messages(reader)
    assert emu.poll_of(message).options == ["Суббота", "Воскресенье"]
    assert [v.polls for v in await fresh_db.polls.totals(broadcast_id) if v.language == "ru"] == [1]


async def test_a_planned_poll_telegram_would_refuse_is_cancelled_not_retried(
    fresh_db: Store, emu: Emulator
) -> None:
    await _readers(fresh_db, emu, ["ru"])
    service = BroadcastService(fresh_db, "en", clock=lambda: 2.0)
    planned_id = await fresh_db.schedules.plan(
        drafted_by=STAFF,
        texts={"*": "A question without options"},
        photo=None,
        audience=Audience(),
        fire_at=1.0,
        timezone=None,
        approved_by=STAFF,
        poll=True,
    )
    assert await service.fire_due() == []
    planned = await fresh_db.schedules.get(planned_id)
    assert planned is not None
    assert planned.status == "cancelled"


async def test_a_paused_poll_broadcast_waits_and_resumes(
    fresh_db: Store, emu: Emulator, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    readers = await _readers(fresh_db, emu, ["sv", "ru"])
    service = BroadcastService(fresh_db, "en")
    broadcast_id, _ = await service.start(
        {"sv": SV, "ru": RU}, Audience(), admin_id=STAFF, origin="bot", poll=True
    )
    assert await fresh_db.schedules.pause(broadcast_id, STAFF) == 2
    await make_dispatcher().drain()
    assert all(emu.messages(chat_id) == [] for chat_id in readers)
    assert await fresh_db.schedules.resume(broadcast_id, STAFF) == 2
    await make_dispatcher().drain()
    assert [m.kind for chat_id in readers for m in emu.messages(chat_id)] == ["poll", "poll"]
