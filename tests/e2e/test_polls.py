"""Quick polls end to end, through the real application and the emulator: staff write a
poll in Swedish and Russian with /poll, subscribers get it as an anonymous Telegram poll in
their language, emulated readers vote (and change their minds), and /broadcasts reports the
totals per option and language as Telegram reported them, while no database row ties a
reader to their poll or their choice. Scheduling and cancelling a poll broadcast too."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

from cagbot.bot.notifications import runtime_of
from cagbot.bot.staff.broadcast.planned import fire_due
from cagbot.botapi import ALLOWED_UPDATES
from cagbot.devserver import BotMessage, SimUser
from cagbot.store import Store
from cagbot.store.audience import Audience
from tests.e2e.conftest import STAFF_ID, Bot, button
from tests.helpers.journeys import readers

SV = "Vilken dag passar för träffen?\nLördag\nSöndag"
EDITOR_ID = 900_002
RU = "Какой день удобнее для встречи?\n- Суббота\n- Воскресенье\n- Любой"


async def _sent(store: Store, broadcast_id: int, n: int) -> None:
    """Wait until the dispatcher has recorded ``n`` polls of the broadcast as sent."""
    for _ in range(500):
        if sum(v.polls for v in await store.polls.totals(broadcast_id)) >= n:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"broadcast {broadcast_id}: fewer than {n} polls recorded as sent")


async def _compose(bot: Bot, staff: SimUser) -> BotMessage:
    """/poll, one poll per language (sv and ru; English skipped), all subscribers;
    returns the summary with the send buttons."""
    prompt = await bot.say(staff, "/poll")
    assert "anonymous poll" in (prompt.text or "")
    await bot.press(staff, prompt, button(prompt, "per language"))
    ask_sv = await bot.edited(prompt)
    assert "Swedish" in (ask_sv.text or "")
    problem = await bot.say(staff, "Only a question")
    assert "at least two options" in (problem.text or "")
    ask_en = await bot.say(staff, SV)
    await bot.press(staff, ask_en, button(ask_en, "Skip"))
    await bot.edited(ask_en)
    audience = await bot.say(staff, RU)
    await bot.press(staff, audience, button(audience, "All subscribers"))
    await bot.emu.next_edit(staff.id, audience.message_id)  # "Preview — …"
    shown = []
    for _ in range(2):  # sv (also for en readers: fallback) and ru: a label and the poll
        await bot.emu.next_message(staff.id)
        shown.append((await bot.emu.next_message(staff.id)).text or "")
    assert shown[0].startswith("📊 Vilken dag")
    assert "○ Söndag" in shown[0]
    assert shown[1].startswith("📊 Какой день")
    assert "○ Любой" in shown[1]
    return await bot.emu.next_message(staff.id)


async def test_a_poll_in_sv_and_ru_reports_totals_per_language_and_nobodys_choice(
    bot: Bot,
) -> None:
    assert "poll" in ALLOWED_UPDATES
    assert "poll_answer" not in ALLOWED_UPDATES  # the bot never asks who voted
    swedes = await readers(bot, ["sv", "sv"])
    russians = await readers(bot, ["ru", "ru", "ru"])
    staff = bot.user(user_id=STAFF_ID)
    summary = await _compose(bot, staff)
    await bot.press(staff, summary, button(summary, "Send to 5"))
    polls: dict[int, BotMessage] = {}
    for reader in [*swedes, *russians]:
        polls[reader.id] = message = await bot.emu.next_message(reader.id)
        assert message.kind == "poll"
        poll = bot.emu.poll_of(message)
        assert poll.is_anonymous
    assert bot.emu.poll_of(polls[swedes[0].id]).options == ["Lördag", "Söndag"]
    assert bot.emu.poll_of(polls[russians[0].id]).options == ["Суббота", "Воскресенье", "Любой"]
    await bot.settle()

    store: Store = bot.app.bot_data.store
    [broadcast_id] = await store.polls.latest(5)
    choices = [(swedes[0], 1), (swedes[1], 1), (russians[0], 0), (russians[1], 2)]
    choices.append((russians[2], 0))
    for reader, choice in choices:
        bot.emu.vote(reader, polls[reader.id], choice)
    bot.emu.vote(russians[2], polls[russians[2].id], 1)  # a change of mind counts once
    await bot.settle()
    # Votes may come before the dispatcher records the send; they count from then on.
    await _sent(store, broadcast_id, 5)
    totals = {v.language: v.votes for v in await store.polls.totals(broadcast_id)}
    assert totals == {"sv": (0, 2), "en": (0, 0), "ru": (1, 1, 1)}

    report = await bot.say(staff, "/broadcasts")
    results = await bot.emu.next_message(staff.id)
    assert report.text is not None
    text = results.text or ""
    assert f"Poll #{broadcast_id}" in text
    assert "Swedish: 2 votes, sent to 2 recipients" in text
    assert "Söndag: 2 (100 %)" in text
    assert "Russian: 3 votes, sent to 3 recipients" in text
    assert "English" not in text  # nobody got the poll in English
    assert "Воскресенье: 1 (33 %)" in text

    # Nothing in the database ties a reader to their poll or their choice: no row holds a
    # poll's id (poll_totals keys a hash of it), and poll_totals holds no chat or user id.
    poll_ids = {bot.emu.poll_of(m).id for m in polls.values()}
    reader_ids = {str(reader.id) for reader, _ in choices}
    path = bot.app.bot_data.settings.database
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        assert "poll_totals" in tables
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):
                values = {str(value) for value in row}
                assert not values & poll_ids, (table, row)
                if table == "poll_totals":
                    assert not values & reader_ids, row
        rows = db.execute("SELECT * FROM poll_totals").fetchall()
        assert len(rows) == 5
        assert {len(row) for row in rows} == {4}  # poll id, broadcast, language, counts


async def test_a_scheduled_poll_fires_as_a_poll_and_a_cancelled_one_never(bot: Bot) -> None:
    (reader,) = await readers(bot, ["ru"])
    staff = bot.user(user_id=STAFF_ID)
    service = runtime_of(bot.app).broadcasts
    assert service is not None
    bishkek = ZoneInfo("Asia/Bishkek")
    now = [datetime(2026, 12, 24, 12, 0, tzinfo=bishkek).timestamp()]
    service.clock = lambda: now[0]
    summary = await _compose(bot, staff)
    await bot.press(staff, summary, button(summary, "Bishkek time"))
    await bot.emu.next_edit(staff.id, summary.message_id)
    confirmed = await bot.say(staff, "24.12.2026 18:00")
    assert "Scheduled" in (confirmed.text or "") or "scheduled" in (confirmed.text or "")
    store: Store = bot.app.bot_data.store
    [planned] = await store.schedules.open()
    assert planned.poll
    cancelled = await store.schedules.plan(
        drafted_by=STAFF_ID,
        texts={"*": RU},
        photo=None,
        audience=Audience(),
        fire_at=now[0] + 60,
        timezone="Asia/Bishkek",
        approved_by=STAFF_ID,
        poll=True,
    )
    assert await store.schedules.decide(cancelled, STAFF_ID, "cancelled")
    now[0] = datetime(2026, 12, 24, 18, 0, 1, tzinfo=bishkek).timestamp()
    assert await fire_due(bot.app) == 1
    received = await bot.emu.next_message(reader.id)
    assert received.kind == "poll"
    assert bot.emu.poll_of(received).question == "Какой день удобнее для встречи?"
    await bot.settle()
    assert [m.kind for m in bot.emu.messages(reader.id)] == ["poll"]


async def test_an_editors_poll_is_shown_to_staff_as_a_poll_and_goes_out_once_approved(
    bot: Bot,
) -> None:
    (reader,) = await readers(bot, ["sv"])
    bot.app.bot_data._settings = bot.app.bot_data.settings.model_copy(
        update={"editor_ids": frozenset({EDITOR_ID})}
    )
    editor = bot.user(user_id=EDITOR_ID)
    staff = bot.user(user_id=STAFF_ID)
    stranger = bot.user()
    refused = await bot.say(stranger, "/poll")
    assert "only for CAG staff" in (refused.text or "")
    await bot.say(editor, "/broadcast")
    prompt = bot.emu.messages(editor.id)[-1]
    await bot.press(editor, prompt, button(prompt, "📊 Poll"))
    assert "anonymous poll" in ((await bot.edited(prompt)).text or "")
    audience = await bot.say(editor, "Ska vi ses <snart>?\nJa\nNej")
    await bot.press(editor, audience, button(audience, "All subscribers"))
    for _ in range(2):  # label, poll
        await bot.emu.next_message(editor.id)
    summary = await bot.emu.next_message(editor.id)
    await bot.press(editor, summary, button(summary, "Submit for approval"))
    shown = await bot.emu.next_message(staff.id)
    assert shown.text == "📊 Ska vi ses <snart>?\n○ Ja\n○ Nej"  # the poll, not raw HTML
    request = await bot.emu.next_message(staff.id)
    await bot.press(staff, request, button(request, "Approve"))
    received = await bot.emu.next_message(reader.id)
    assert received.kind == "poll"
    assert bot.emu.poll_of(received).question == "Ska vi ses <snart>?"
