"""/broadcast through the full application (build_application) against the emulator:
compose, choose the audience, preview with the count, confirm, progress and final report;
only staff, at every step."""

# ruff: noqa: F811 - the e2e harness's fixtures are imported under their own names

from __future__ import annotations

import pytest

from cagbot.bot.notifications import runtime_of
from cagbot.store import Store
from tests.e2e.conftest import (  # noqa: F401 - fixtures
    STAFF_ID,
    Bot,
    bot,
    button,
    error_log,
    template_db,
)
from tests.helpers.journeys import readers as subscribed

pytestmark = pytest.mark.e2e


async def test_staff_broadcast_reaches_every_subscriber_once_with_a_report(bot: Bot) -> None:
    readers = await subscribed(bot, ["sv", "en", "ru", "ru"])
    blocker = (await subscribed(bot, ["en"]))[0]
    bot.emu.faults.block(blocker)
    staff = bot.user(user_id=STAFF_ID)

    prompt = await bot.say(staff, "/broadcast")
    assert button(prompt, "per language")
    audience = await bot.say(staff, "Årsmöte on Saturday & fika <3")
    answer = await bot.press(staff, audience, button(audience, "All subscribers"))
    assert "text" not in answer or not answer["text"]
    label = await bot.emu.next_message(staff.id)
    # One version for everyone, written in English: the preview says who gets it marked.
    assert label.text == (
        "👁 Swedish: 1 (no text of their own: they get it in English, marked 🌐); English: 2; "
        "Russian: 2 (no text of their own: they get it in English, marked 🌐)"
    )
    preview = await bot.emu.next_message(staff.id)
    assert preview.text == "Årsmöte on Saturday & fika <3"
    summary = await bot.emu.next_message(staff.id)
    assert "5 subscribers" in (summary.text or "")
    confirm = button(summary, "Send to 5")
    await bot.press(staff, summary, confirm)

    def finished() -> bool:
        current = bot.emu.message(staff.id, summary.message_id)
        return current is not None and "finished" in (current.text or "")

    await bot.emu.wait_for(finished, timeout=20)
    report = bot.emu.message(staff.id, summary.message_id)
    assert report is not None
    assert "4 sent, 1 blocked the bot, 0 failed" in (report.text or "")
    # Nobody gets foreign text unmarked: the mark is in the reader's own language.
    expected = {
        "sv": "🌐 på engelska\n\nÅrsmöte on Saturday & fika <3",
        "en": "Årsmöte on Saturday & fika <3",
        "ru": "🌐 на английском\n\nÅrsmöte on Saturday & fika <3",
    }
    for reader, language in zip(readers, ["sv", "en", "ru", "ru"], strict=True):
        assert [m.text for m in bot.emu.messages(reader.id)] == [expected[language]]
    [audit] = await bot.app.bot_data.store.outbox.broadcasts()
    assert (audit.admin_id, audit.origin, audit.recipients) == (STAFF_ID, "bot", 5)
    assert (audit.sent, audit.blocked, audit.failed, audit.status) == (4, 1, 0, "done")
    assert audit.texts == {"*": "Årsmöte on Saturday &amp; fika &lt;3"}

    # Pressing the (copied) confirmation again sends nothing more.
    answer = await bot.forge(staff, summary, confirm)
    assert answer.get("text")  # "this button has expired"
    assert len(await bot.app.bot_data.store.outbox.broadcasts()) == 1


async def test_one_text_per_language_to_one_language(bot: Bot) -> None:
    sv_reader, ru_reader = await subscribed(bot, ["sv", "ru"])
    staff = bot.user(user_id=STAFF_ID)
    prompt = await bot.say(staff, "/broadcast")
    await bot.press(staff, prompt, button(prompt, "per language"))
    await bot.emu.next_edit(staff.id, prompt.message_id)
    ask_en = await bot.say(staff, "Hej allihop")
    ask_ru = await bot.press(staff, ask_en, button(ask_en, "Skip"))
    assert ask_ru is not None
    audience = await bot.say(staff, "Привет всем")
    await bot.press(staff, audience, button(audience, "Russian"))
    first_label = await bot.emu.next_message(staff.id)
    first_preview = await bot.emu.next_message(staff.id)
    second_label = await bot.emu.next_message(staff.id)
    second_preview = await bot.emu.next_message(staff.id)
    summary = await bot.emu.next_message(staff.id)
    assert (first_preview.text, second_preview.text) == ("Hej allihop", "Привет всем")
    # English has no text of its own: the preview says it gets the Swedish one, marked.
    assert first_label.text == (
        "👁 Swedish: 0; English: 0 (no text of their own: they get it in Swedish, marked 🌐)"
    )
    assert second_label.text == "👁 Russian: 1"
    assert "1 subscriber" in (summary.text or "")
    await bot.press(staff, summary, button(summary, "Send to 1"))
    await bot.emu.wait_for(lambda: len(bot.emu.messages(ru_reader.id)) == 1, timeout=20)
    assert [m.text for m in bot.emu.messages(ru_reader.id)] == ["Привет всем"]
    assert bot.emu.messages(sv_reader.id) == []


async def test_non_staff_get_nothing_from_broadcast_buttons(bot: Bot) -> None:
    (reader,) = await subscribed(bot, ["en"])
    staff = bot.user(user_id=STAFF_ID)
    stranger = bot.user()
    refusal = await bot.say(stranger, "/broadcast")
    assert "only for CAG staff" in (refusal.text or "")

    await bot.say(staff, "/broadcast")
    audience = await bot.say(staff, "Staff only text")
    await bot.press(staff, audience, button(audience, "All subscribers"))
    await bot.emu.next_message(staff.id)  # label
    await bot.emu.next_message(staff.id)  # the text
    summary = await bot.emu.next_message(staff.id)
    confirm = button(summary, "Send to 1")
    answer = await bot.forge(stranger, summary, confirm)
    assert "only for CAG staff" in answer.get("text", "")  # the refusal /broadcast gives
    await bot.settle()
    assert await bot.app.bot_data.store.outbox.broadcasts() == []
    assert bot.emu.messages(reader.id) == []
    assert len(bot.emu.messages(stranger.id)) == 1  # only the refusal of /broadcast


async def test_after_a_restart_the_progress_message_resumes_and_the_report_comes(
    bot: Bot,
) -> None:
    """The previous process started a broadcast and showed its progress message, then
    stopped: this one finds the stored message, edits it on and sends the final report."""
    readers = await subscribed(bot, ["en", "ru"])
    store: Store = bot.app.bot_data.store
    runtime = runtime_of(bot.app)
    bot.user(user_id=STAFF_ID)
    status = await bot.app.bot.send_message(STAFF_ID, "📤 Broadcast #1: 0 of 2 recipients done")
    from cagbot.store.audience import Audience, audience_selection

    broadcast_id, recipients = await store.outbox.create_broadcast(
        admin_id=STAFF_ID,
        origin="bot",
        texts={"*": "After the restart"},
        per_language={"sv": "After the restart", "en": "After the restart", "ru": "После"},
        audience=Audience(),
        selection=audience_selection(Audience(), "en"),
        default_language="en",
    )
    assert recipients == 2
    await store.outbox.set_progress(broadcast_id, STAFF_ID, status.message_id, "en")
    assert await runtime.adopt() == 1
    assert await runtime.adopt() == 0  # followed once, not twice
    if runtime.dispatcher is not None:
        runtime.dispatcher.wake()

    def finished() -> bool:
        current = bot.emu.message(STAFF_ID, status.message_id)
        return current is not None and "finished" in (current.text or "")

    await bot.emu.wait_for(finished, timeout=20)
    report = bot.emu.message(STAFF_ID, status.message_id)
    assert report is not None
    assert "2 sent, 0 blocked the bot, 0 failed" in (report.text or "")
    assert all(len(bot.emu.messages(reader.id)) == 1 for reader in readers)
    [audit] = await store.outbox.broadcasts()
    assert audit.status == "done"


async def test_a_feed_poll_that_keeps_failing_is_logged_and_told_to_staff(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The feed job never dies silently: each failure is one ERROR line, and staff hear
    about it at the third failure in a row."""
    runtime = runtime_of(bot.app)
    bot.user(user_id=STAFF_ID)
    assert runtime.poller is not None

    async def broken() -> list[object]:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(runtime.poller, "poll", broken)
    for _ in range(3):
        # The job starts the poll as a task of its own (so SIGTERM never waits for a fetch).
        await runtime._poll_job(None)  # type: ignore[arg-type]
        assert runtime._polling is not None
        await runtime._polling
    errors = [r for r in bot.errors if r.name == "cagbot.bot.notifications"]
    assert [r.getMessage() for r in errors] == [f"feeds failed ({n} in a row)" for n in (1, 2, 3)]
    if runtime.dispatcher is not None:
        runtime.dispatcher.wake()
    alert = await bot.emu.next_message(STAFF_ID, timeout=10)
    assert "feed polling" in (alert.text or "")
    assert "3 times in a row" in (alert.text or "")
    bot.errors.clear()  # the ERROR lines were the point of this test


async def test_a_status_nobody_changed_is_not_edited(bot: Bot) -> None:
    """Deliveries slower than the progress ticks: the status must not be re-sent as it is
    (Telegram answers 400 "message is not modified"; the harness fails on any 400)."""
    await subscribed(bot, ["en", "en"])
    runtime_of(bot.app).follow_every = 0.01
    bot.emu.faults.delay("sendMessage", 0.3)
    staff = bot.user(user_id=STAFF_ID)
    await bot.say(staff, "/broadcast")
    audience = await bot.say(staff, "Slow news")
    await bot.press(staff, audience, button(audience, "All subscribers"))
    for _ in range(2):
        await bot.emu.next_message(staff.id)
    summary = await bot.emu.next_message(staff.id)
    await bot.press(staff, summary, button(summary, "Send to 2"))

    def finished() -> bool:
        current = bot.emu.message(staff.id, summary.message_id)
        return current is not None and "finished" in (current.text or "")

    await bot.emu.wait_for(finished, timeout=20)
