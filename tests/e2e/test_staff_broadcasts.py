"""Broadcasts worth sending, through the real application and the emulator: drafts that
cannot misfire, photo broadcasts, sends scheduled for a local time (controlled clock),
editors' drafts approved by staff, and refusals of everyone else at every step."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cagbot.bot.notifications import runtime_of
from cagbot.bot.staff.broadcast import drafts as broadcast_module
from cagbot.bot.staff.broadcast.planned import fire_due
from cagbot.callbacks import encode
from cagbot.devserver import BotMessage, Emulator, SimUser
from cagbot.notify.broadcasts import BroadcastService
from cagbot.store import Store
from cagbot.store.audience import Audience
from cagbot.views import broadcast as bv
from tests.e2e.conftest import STAFF_ID, Bot, button, stop_bot
from tests.helpers.journeys import readers
from tests.notify.conftest import subscribe

EDITOR_ID = 900_002


async def _to_summary(bot: Bot, user: SimUser, text: str, versions: int = 1) -> BotMessage:
    await bot.say(user, "/broadcast")
    audience = await bot.say(user, text)
    await bot.press(user, audience, button(audience, "All subscribers"))
    for _ in range(versions * 2):  # a label and the version itself
        await bot.emu.next_message(user.id)
    return await bot.emu.next_message(user.id)


@pytest.mark.parametrize("code", ["ru", "sv", "en", "ky"])
async def test_cancel_always_answers_and_other_commands_end_a_draft(bot: Bot, code: str) -> None:
    """As staff whose Telegram speaks ru, sv, en or ky (read as Russian)."""
    staff = bot.user(user_id=STAFF_ID, language_code=code)
    t = bot.app.bot_data.i18n.get("ru" if code == "ky" else code)
    assert (await bot.say(staff, "/cancel")).text == html.unescape(bv.nothing_to_cancel(t))
    await bot.say(staff, "/broadcast")
    assert (await bot.say(staff, "/cancel")).text == html.unescape(bv.cancelled(t))
    # The text after a cancel is an ordinary message again, never a broadcast.
    await bot.say(staff, "/broadcast")
    discarded = await bot.say(staff, "/help")
    assert discarded.text == html.unescape(bv.discarded(t))
    await bot.emu.next_message(staff.id)  # /help still answers
    await bot.settle()
    assert bot.app.bot_data.broadcast_drafts == {}
    assert await bot.app.bot_data.store.outbox.broadcasts() == []


async def test_a_draft_expires(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    staff = bot.user(user_id=STAFF_ID)
    now = [1000.0]
    monkeypatch.setattr(broadcast_module, "clock", lambda: now[0])
    prompt = await bot.say(staff, "/broadcast")
    now[0] += broadcast_module.DRAFT_TTL + 1
    reply = await bot.say(staff, "An announcement nobody confirmed")
    assert "expired" in (reply.text or "")
    answer = await bot.press(staff, prompt, button(prompt, "per language"))
    assert "expired" in answer.get("text", "")


async def test_a_photo_broadcast_arrives_as_a_photo(bot: Bot) -> None:
    (reader,) = await readers(bot, ["ru"])
    staff = bot.user(user_id=STAFF_ID)
    await bot.say(staff, "/broadcast")
    bot.emu.send_photo(staff, "AgACposter0001")
    assert "caption" in ((await bot.emu.next_message(staff.id)).text or "")
    bot.emu.send_photo(staff, "AgACposter0001", caption="x" * 1025)
    assert "at most 1,024" in ((await bot.emu.next_message(staff.id)).text or "")
    bot.emu.send_photo(staff, "AgACposter0001", caption="Фестиваль в субботу")
    audience = await bot.emu.next_message(staff.id)
    await bot.press(staff, audience, button(audience, "All subscribers"))
    await bot.emu.next_message(staff.id)  # label
    shown = await bot.emu.next_message(staff.id)
    assert (shown.kind, shown.text) == ("photo", "Фестиваль в субботу")
    summary = await bot.emu.next_message(staff.id)
    await bot.press(staff, summary, button(summary, "Send to 1"))
    [received] = [await bot.emu.next_message(reader.id)]
    assert (received.kind, received.text) == ("photo", "Фестиваль в субботу")


async def test_scheduled_send_fires_at_its_local_time_and_a_cancelled_one_never(
    bot: Bot,
) -> None:
    (reader,) = await readers(bot, ["ru"])
    staff = bot.user(user_id=STAFF_ID)
    service = runtime_of(bot.app).broadcasts
    assert service is not None
    bishkek = ZoneInfo("Asia/Bishkek")
    now = [datetime(2026, 12, 24, 12, 0, tzinfo=bishkek).timestamp()]
    service.clock = lambda: now[0]

    async def schedule(text: str, when: str) -> BotMessage:
        summary = await _to_summary(bot, staff, text)
        ask = await bot.press(staff, summary, button(summary, "Bishkek time"))
        assert not ask.get("text")
        await bot.emu.next_edit(staff.id, summary.message_id)
        return await bot.say(staff, when)

    assert "already passed" in ((await schedule("Too late", "24.12.2026 11:00")).text or "")
    assert "could not read" in ((await bot.say(staff, "tomorrow-ish")).text or "")
    confirmed = await bot.say(staff, "24.12.2026 18:00")
    # British English: day/month/year, 24-hour clock (babel en_GB, not hand-made).
    assert "scheduled for 24/12/2026 18:00 (Bishkek time)" in (confirmed.text or "")
    other = await schedule("Never sent", "2026-12-24 18:30")
    assert "scheduled" in (other.text or "")

    listing = await bot.say(staff, "/broadcasts")
    assert "#1" in (listing.text or "")
    assert "#2" in (listing.text or "")
    answer = await bot.press(staff, listing, button(listing, "Cancel #2"))
    assert not answer.get("text")

    now[0] = datetime(2026, 12, 24, 17, 59, tzinfo=bishkek).timestamp()
    assert await fire_due(bot.app) == 0
    now[0] = datetime(2026, 12, 24, 18, 0, tzinfo=bishkek).timestamp()
    assert await fire_due(bot.app) == 1
    received = await bot.emu.next_message(reader.id)
    # The first draft, rescheduled for 18:00; English to a Russian reader, so marked.
    assert received.text == "🌐 на английском\n\nToo late"
    now[0] = datetime(2026, 12, 25, 9, 0, tzinfo=bishkek).timestamp()
    assert await fire_due(bot.app) == 0
    await bot.settle()
    assert [m.text for m in bot.emu.messages(reader.id)] == ["🌐 на английском\n\nToo late"]
    [audit] = await bot.app.bot_data.store.outbox.broadcasts()
    assert audit.admin_id == STAFF_ID


async def test_an_editors_draft_goes_out_only_after_staff_approve(bot: Bot) -> None:
    (reader,) = await readers(bot, ["en"])
    bot.app.bot_data._settings = bot.app.bot_data.settings.model_copy(
        update={"editor_ids": frozenset({EDITOR_ID})}
    )
    editor = bot.user(user_id=EDITOR_ID)
    staff = bot.user(user_id=STAFF_ID)
    stranger = bot.user()
    summary = await _to_summary(bot, editor, "Novi Ritm summer camp")
    assert "CAG staff review it" in (summary.text or "")
    submit = button(summary, "Submit for approval")
    await bot.press(editor, summary, submit)
    await bot.settle()
    assert await bot.app.bot_data.store.outbox.broadcasts() == []
    assert bot.emu.messages(reader.id) == []

    shown = await bot.emu.next_message(staff.id)
    assert shown.text == "Novi Ritm summer camp"
    request = await bot.emu.next_message(staff.id)
    assert "awaits approval" in (request.text or "")
    approve = button(request, "Approve")
    # Neither the editor nor a stranger may approve, even with the button replayed.
    for other in (editor, stranger):
        answer = await bot.forge(other, request, approve)
        assert "only for CAG staff" in answer.get("text", "")
    await bot.settle()
    assert await bot.app.bot_data.store.outbox.broadcasts() == []

    await bot.press(staff, request, approve)
    received = await bot.emu.next_message(reader.id)
    assert received.text == "Novi Ritm summer camp"
    await bot.emu.wait_for(
        lambda: any("approved" in (m.text or "") for m in bot.emu.messages(editor.id))
    )
    [audit] = await bot.app.bot_data.store.outbox.broadcasts()
    assert audit.admin_id == STAFF_ID
    planned = await bot.app.bot_data.store.schedules.get(1)
    assert planned is not None
    assert (planned.drafted_by, planned.approved_by, planned.status) == (
        EDITOR_ID,
        STAFF_ID,
        "fired",
    )
    # Approving again changes nothing.
    answer = await bot.forge(staff, request, approve)
    await bot.settle()
    assert len(await bot.app.bot_data.store.outbox.broadcasts()) == 1
    assert answer is not None


async def test_strangers_are_refused_at_every_broadcast_step(bot: Bot) -> None:
    await readers(bot, ["en"])
    staff = bot.user(user_id=STAFF_ID)
    stranger = bot.user()
    for command in ("/broadcast", "/broadcasts"):
        assert "only for CAG staff" in ((await bot.say(stranger, command)).text or "")
    summary = await _to_summary(bot, staff, "Staff only")
    for label in ("Send to 1", "Bishkek time", "Cancel"):
        answer = await bot.forge(stranger, summary, button(summary, label))
        assert "only for CAG staff" in answer.get("text", "")
    for kind, action in (("bq", "p"), ("bq", "x"), ("bp", "ok"), ("bp", "x")):
        data = encode(kind, 1, action)
        answer = await bot.forge(stranger, summary, data)
        assert "only for CAG staff" in answer.get("text", "")
    await bot.settle()
    assert await bot.app.bot_data.store.outbox.broadcasts() == []
    assert await bot.app.bot_data.store.schedules.open() == []


async def test_a_paused_broadcast_resumes_after_a_restart(
    start_bot: Callable[..., Awaitable[Bot]],
) -> None:
    """Paused by the previous process (nothing sent), the restarted bot sends nothing until
    staff press Resume in /broadcasts; then every reader gets it once."""
    readers: list[int] = []

    async def prepare(emu: Emulator, database: Path) -> dict[str, object]:
        store = await Store.open(database)
        try:
            for _ in range(3):
                reader = emu.add_user(language_code="ru")
                await subscribe(store, reader.id, language="ru")
                readers.append(reader.id)
            service = BroadcastService(store, "en")
            broadcast_id, _ = await service.start(
                {"*": "Собрание в пятницу"}, Audience(), admin_id=STAFF_ID, origin="bot"
            )
            assert await store.schedules.pause(broadcast_id, STAFF_ID) == 3
        finally:
            await store.close()
        return {}

    bot = await start_bot(prepare)
    try:
        runtime_of(bot.app).follow_every = 0.05
        staff = bot.emu.users[STAFF_ID]
        listing = await bot.say(staff, "/broadcasts")
        assert "Paused: 3 messages held" in (listing.text or "")
        assert all(bot.emu.messages(chat_id) == [] for chat_id in readers)
        await bot.press(staff, listing, button(listing, "Resume"))
        for chat_id in readers:
            received = await bot.emu.next_message(chat_id)
            assert received.text == "Собрание в пятницу"
        await bot.settle()
        assert all(len(bot.emu.messages(chat_id)) == 1 for chat_id in readers)
        actions = await bot.app.bot_data.store.db.fetchall(
            "SELECT action, admin_id FROM broadcast_controls ORDER BY id"
        )
        assert [(row[0], row[1]) for row in actions] == [
            ("pause", STAFF_ID),
            ("resume", STAFF_ID),
        ]
    finally:
        await stop_bot(bot)
