"""Staff flows that finish what they start, through the running bot and the emulator, with
staff whose Telegram speaks Russian or Swedish: a scheduled broadcast tells its author it is
going out (never "approved" for their own) and ends in the final report; an editor's
approved draft reports to its author too; a pause stops the sending at once (counted at the
emulator) and its status counts the rows really waiting."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cagbot.bot.notifications import runtime_of
from cagbot.devserver import BotMessage, SimUser
from cagbot.i18n import I18n
from cagbot.notify.broadcasts import BroadcastReport
from cagbot.views import broadcast as bv
from cagbot.views import broadcast_planned as bp
from tests.e2e.conftest import STAFF_ID, Bot, button
from tests.e2e.phone import MAX_LINES, longest_reply, phone_lines
from tests.notify.conftest import subscribe


@pytest.fixture(autouse=True)
async def _every_reply_fits_a_phone(bot: Bot) -> AsyncIterator[None]:
    """After each journey: no message the bot sent in it is longer than a phone screen."""
    yield
    lines, first = longest_reply(bot.emu)
    print(f"longest reply: {lines} lines ({first[:40]!r})")
    assert lines <= MAX_LINES, first


I18N = I18n.load()
EDITOR_ID = 900_002
TEXT = {"ru": "Собрание в пятницу", "sv": "Möte på fredag"}


def tr(language: str, msgid: str) -> str:
    return I18N.get(language).gettext(msgid)


async def _readers(bot: Bot, n: int, language: str) -> list[SimUser]:
    store = bot.app.bot_data.store
    runtime_of(bot.app).follow_every = 0.05
    users = []
    for _ in range(n):
        user = bot.user(language_code=language)
        await subscribe(store, user.id, language=language)
        users.append(user)
    return users


async def _summary(bot: Bot, staff: SimUser, text: str, language: str) -> BotMessage:
    await bot.say(staff, "/broadcast")
    audience = await bot.say(staff, text)
    await bot.press(staff, audience, button(audience, tr(language, "All subscribers")))
    await bot.emu.next_message(staff.id)  # the version's label
    await bot.emu.next_message(staff.id)  # the version itself
    return await bot.emu.next_message(staff.id)


def _finished(language: str, broadcast_id: int, sent: int) -> str:
    report = BroadcastReport(broadcast_id, sent, sent, 0, 0, state="done")
    return html.unescape(bv.progress(I18N.get(language), report, True))


async def _final(bot: Bot, chat_id: int, message_id: int, finished: str) -> str:
    """The text of the progress message once it shows ``finished`` (the final report)."""

    def done() -> bool:
        message = bot.emu.message(chat_id, message_id)
        return message is not None and finished in (message.text or "")

    await bot.emu.wait_for(done, timeout=15)
    message = bot.emu.message(chat_id, message_id)
    assert message is not None
    assert message.buttons() == []  # nothing left to pause or cancel
    return message.text or ""


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_a_scheduled_broadcast_tells_its_author_and_ends_in_the_report(
    bot: Bot, language: str
) -> None:
    readers = await _readers(bot, 3, language)
    staff = bot.user(user_id=STAFF_ID, language_code=language)
    service = runtime_of(bot.app).broadcasts
    assert service is not None
    bishkek = ZoneInfo("Asia/Bishkek")
    now = [datetime(2026, 12, 24, 12, 0, tzinfo=bishkek).timestamp()]
    service.clock = lambda: now[0]
    summary = await _summary(bot, staff, TEXT[language], language)
    later = next(data for data in summary.callback_data() if data.endswith("|z-bis"))
    await bot.press(staff, summary, later)
    await bot.emu.next_edit(staff.id, summary.message_id)
    confirmed = await bot.say(staff, "24.12.2026 18:00")
    assert ("№1" if language == "ru" else "#1") in (confirmed.text or "")

    now[0] = datetime(2026, 12, 24, 18, 0, tzinfo=bishkek).timestamp()
    from cagbot.bot.staff.broadcast.planned import fire_due

    assert await fire_due(bot.app) == 1
    progress = await bot.emu.next_message(staff.id)
    t = I18N.get(language)
    heading = bp.going_out(t, 1, 1, own=True)
    assert (progress.text or "").startswith(heading)
    assert tr(language, "approved") not in (progress.text or "")
    assert "одобрен" not in (progress.text or "")
    assert "godkänt" not in (progress.text or "")
    for reader in readers:
        assert (await bot.emu.next_message(reader.id)).text == TEXT[language]
    report = await _final(bot, staff.id, progress.message_id, _finished(language, 1, 3))
    assert report == f"{html.unescape(heading)}\n{_finished(language, 1, 3)}"
    await bot.settle()
    assert phone_lines(report) <= MAX_LINES
    # One message for the author: no second "approved" notice through the outbox.
    assert len(bot.emu.messages(staff.id)) == len(
        [m for m in bot.emu.messages(staff.id) if m.message_id <= progress.message_id]
    )


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_an_editors_approved_draft_reports_to_its_author(bot: Bot, language: str) -> None:
    readers = await _readers(bot, 2, language)
    bot.app.bot_data._settings = bot.app.bot_data.settings.model_copy(
        update={"editor_ids": frozenset({EDITOR_ID})}
    )
    editor = bot.user(user_id=EDITOR_ID, language_code=language)
    staff = bot.user(user_id=STAFF_ID, language_code=language)
    await bot.say(staff, "/broadcasts")  # staff have written to the bot before
    summary = await _summary(bot, editor, TEXT[language], language)
    await bot.press(editor, summary, button(summary, tr(language, "Submit for approval")))
    await bot.emu.next_message(staff.id)  # the draft as it will look
    request = await bot.emu.next_message(staff.id)
    await bot.press(staff, request, button(request, tr(language, "✅ Approve")))
    for reader in readers:
        assert (await bot.emu.next_message(reader.id)).text == TEXT[language]
    finished = _finished(language, 1, 2)
    await bot.emu.wait_for(
        lambda: any(finished in (m.text or "") for m in bot.emu.messages(editor.id)), timeout=15
    )
    [report] = [m for m in bot.emu.messages(editor.id) if finished in (m.text or "")]
    heading = html.unescape(bp.approved(I18N.get(language), 1, 1, None))
    assert report.text == f"{heading}\n{finished}"
    assert report.buttons() == []  # an editor does not control broadcasts
    assert finished in await _final(bot, staff.id, request.message_id, finished)


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_pause_stops_at_once_and_counts_what_waits(bot: Bot, language: str) -> None:
    readers = await _readers(bot, 80, language)
    ids = {reader.id for reader in readers}
    staff = bot.user(user_id=STAFF_ID, language_code=language)
    summary = await _summary(bot, staff, TEXT[language], language)
    send = next(label for row in summary.buttons() for label, _ in row if "80" in label)
    await bot.press(staff, summary, button(summary, send))

    def received() -> int:
        return sum(1 for chat_id in ids if bot.emu.messages(chat_id))

    await bot.emu.wait_for(lambda: received() >= 5, timeout=15)
    status = bot.emu.message(staff.id, summary.message_id)
    assert status is not None
    answer = await bot.press(staff, status, button(status, tr(language, "⏸ Pause")))
    assert answer is not None
    at_answer = received()
    assert at_answer < len(readers)
    await asyncio.sleep(1.0)  # the dispatcher's pace is 27/s: it would have sent ~27 more
    await bot.settle()
    assert received() == at_answer
    store = bot.app.bot_data.store
    row = await store.db.fetchone(
        "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
    )
    assert row is not None
    waiting = int(row[0])
    assert waiting == len(readers) - at_answer
    t = I18N.get(language)
    held = t.ngettext("⏸ Paused: {n} message held.", "⏸ Paused: {n} messages held.", waiting)
    shown = held.format(n=t.format_number(waiting))
    await bot.emu.wait_for(
        lambda: shown in (bot.emu.message(staff.id, summary.message_id).text or ""),  # type: ignore[union-attr]
        timeout=10,
    )
    # Resumed, everyone who had not got it gets it, once.
    paused = bot.emu.message(staff.id, summary.message_id)
    assert paused is not None
    await bot.press(staff, paused, button(paused, tr(language, "▶️ Resume")))
    await bot.emu.wait_for(lambda: received() == len(readers), timeout=20)
    await bot.settle()
    assert all(len(bot.emu.messages(chat_id)) == 1 for chat_id in ids)


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_a_one_topic_broadcast_reaches_those_who_follow_every_topic(
    bot: Bot, language: str
) -> None:
    """A chat that picked no topics follows them all (as for new posts): a broadcast
    about youth reaches it and the youth followers, not the climate followers, and
    the preview's count says so."""
    store = bot.app.bot_data.store
    runtime_of(bot.app).follow_every = 0.05
    everything, youth, climate = (bot.user(language_code=language) for _ in range(3))
    await subscribe(store, everything.id, language=language)
    await subscribe(store, youth.id, language=language, topics=("youth",))
    await subscribe(store, climate.id, language=language, topics=("climate",))
    staff = bot.user(user_id=STAFF_ID, language_code=language)
    await bot.say(staff, "/broadcast")
    audience = await bot.say(staff, TEXT[language])
    await bot.press(staff, audience, button(audience, tr(language, "By topic…")))
    picker = await bot.edited(audience)
    topic = next(data for data in picker.callback_data() if data.endswith("|t-youth"))
    await bot.press(staff, picker, topic)
    await bot.emu.next_message(staff.id)  # the version's label
    await bot.emu.next_message(staff.id)  # the version itself
    summary = await bot.emu.next_message(staff.id)
    send = next(label for row in summary.buttons() for label, _ in row if "2" in label)
    await bot.press(staff, summary, button(summary, send))
    for reader in (everything, youth):
        assert (await bot.emu.next_message(reader.id)).text == TEXT[language]
    await _final(bot, staff.id, summary.message_id, _finished(language, 1, 2))
    assert bot.emu.messages(climate.id) == []


@pytest.mark.parametrize(("editor_language", "staff_language"), [("ru", "sv"), ("sv", "ru")])
async def test_staff_and_editors_are_written_to_in_their_own_language_each(
    bot: Bot, editor_language: str, staff_language: str
) -> None:
    """Neither ever sent /start: whatever they wrote to the bot tells their language. The
    approval request is wholly in the staff member's (the audience too), and the decision
    reaches the editor in theirs."""
    await _readers(bot, 1, editor_language)
    bot.app.bot_data._settings = bot.app.bot_data.settings.model_copy(
        update={"editor_ids": frozenset({EDITOR_ID})}
    )
    editor = bot.user(user_id=EDITOR_ID, language_code=editor_language)
    staff = bot.user(user_id=STAFF_ID, language_code=staff_language)
    await bot.say(staff, "/broadcasts")  # staff have used the bot, not necessarily /start
    summary = await _summary(bot, editor, TEXT[editor_language], editor_language)
    await bot.press(editor, summary, button(summary, tr(editor_language, "Submit for approval")))
    await bot.emu.next_message(staff.id)  # the draft as it will look
    request = await bot.emu.next_message(staff.id)
    staff_t = I18N.get(staff_language)
    audience = staff_t.gettext("Audience: {audience}").format(
        audience=staff_t.gettext("all subscribers")
    )
    assert audience in (request.text or "")
    assert staff_t.gettext("The texts are in the messages above this one.") in (request.text or "")
    other = I18N.get(editor_language).gettext("all subscribers")
    assert other not in (request.text or "")
    await bot.press(staff, request, button(request, staff_t.gettext("✖️ Reject")))
    told = await bot.emu.next_message(editor.id)
    assert told.text == html.unescape(bp.rejected(I18N.get(editor_language), 1))
