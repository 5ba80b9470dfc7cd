"""Calls through the running bot. Editing keeps what was not edited: a call imported from
the file keeps its own Apply label (in its original and in every version) after staff move
its deadline twice, with staff speaking Russian or Swedish. A call's notification carries
open, apply, remind me and manage, for Russian and Swedish readers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from cagbot.i18n import I18n
from cagbot.store import Store
from tests.e2e.conftest import STAFF_ID, Bot, button
from tests.e2e.phone import MAX_LINES, longest_reply
from tests.notify.conftest import subscribe


@pytest.fixture(autouse=True)
async def _every_reply_fits_a_phone(bot: Bot) -> AsyncIterator[None]:
    """After each journey: no message the bot sent in it is longer than a phone screen."""
    yield
    lines, first = longest_reply(bot.emu)
    print(f"longest reply: {lines} lines ({first[:40]!r})")
    assert lines <= MAX_LINES, first


I18N = I18n.load()
TITLE = "Youth exchange with Novi Ritm in Osh"  # data/opportunities.toml, with apply labels


def tr(language: str, msgid: str) -> str:
    return I18N.get(language).gettext(msgid)


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_a_call_from_the_file_keeps_its_apply_label_through_edits(
    bot: Bot, language: str
) -> None:
    store: Store = bot.app.bot_data.store
    [post] = [p for p in await store.posts.opportunities() if p.title == TITLE]
    assert post.opportunity is not None
    before = (post.opportunity.apply_label, {c: v.apply_label for c, v in post.versions.items()})
    assert before[0] == "Open the form"
    assert before[1]["ru"] == "Открыть форму"
    staff = bot.user(user_id=STAFF_ID, language_code=language)
    listing = await bot.say(staff, "/calls")
    entry = next(
        data for row in listing.buttons() for _, data in row if data and f"|{post.id}|" in data
    )
    await bot.press(staff, listing, entry)
    shown = await bot.edited(listing)
    for typed in ("2027-06-30", "15.07.2027"):
        await bot.press(staff, shown, button(shown, tr(language, "🗓 Move the deadline")))
        await bot.edited(shown)
        saved = await bot.say(staff, typed)
        assert saved.text == tr(language, "✅ Saved. The change is in the audit log.")
        shown = await bot.emu.next_message(staff.id)
    await bot.settle()
    after = await store.posts.get(post.id)
    assert after is not None
    assert after.opportunity is not None
    assert str(after.opportunity.deadline) == "2027-07-15"
    labels = (after.opportunity.apply_label, {c: v.apply_label for c, v in after.versions.items()})
    assert labels == before
    # Every other field and version is as it was.
    assert after.opportunity.how_to_apply == post.opportunity.how_to_apply
    assert after.opportunity.apply_url == post.opportunity.apply_url
    assert {c: v.summary for c, v in after.versions.items()} == {
        c: v.summary for c, v in post.versions.items()
    }


FORM = {
    "sv": ["Praktik i Osh", "Arbeta med unga i Osh.", "Osh, Kirgizistan", "3 mån", "Skicka CV."],
    "ru": ["Стажировка в Оше", "Работа с молодёжью в Оше.", "Ош, Кыргызстан", "3 месяца",
           "Отправьте резюме."],
}  # fmt: skip
APPLY = "https://centralasien.se/ansok/praktik-osh"


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_a_calls_notification_carries_open_apply_remind_and_manage(
    bot: Bot, language: str
) -> None:
    """As README promises for every notification, a call made in Telegram included; the
    deep links work from the reader's chat."""
    store: Store = bot.app.bot_data.store
    reader = bot.user(language_code=language)
    await subscribe(store, reader.id, language=language)
    staff = bot.user(user_id=STAFF_ID)
    start = await bot.say(staff, "/newcall")
    await bot.press(staff, start, button(start, "Internship"))
    question = await bot.edited(start)
    for code in ("sv", "en", "ru"):
        if code not in FORM:
            await bot.press(staff, question, button(question, "Skip this language"))
            await bot.emu.next_edit(staff.id, question.message_id)
            question = await bot.emu.next_message(staff.id)
            continue
        for answer in FORM[code]:
            question = await bot.say(staff, answer)
    await bot.say(staff, "15.03.2027")
    bot.emu.send_text(staff, APPLY)
    await bot.settle()
    footer = bot.emu.messages(staff.id)[-1]
    await bot.press(staff, footer, button(footer, "Publish"))

    received = await bot.emu.next_message(reader.id)
    assert FORM[language][0] in (received.text or "")
    urls = {label: url for row in received.buttons() for label, url in row}
    assert len(received.buttons()) <= 4  # one button a row, within Telegram's limits
    assert urls[tr(language, "✍️ Apply")] == APPLY
    opened = urls[tr(language, "Open in the bot")] or ""
    remind = urls[tr(language, "🔔 Remind me")] or ""
    manage = urls[tr(language, "⚙️ Manage subscription")] or ""
    detail = await bot.say(reader, "/start " + opened.split("start=")[1])
    assert FORM[language][0] in (detail.text or "")
    await bot.say(reader, "/start " + remind.split("start=")[1])
    await bot.emu.next_message(reader.id)  # the detail view follows the confirmation
    [call] = await store.calls.all()
    assert call.post_id is not None
    assert await store.reminders.has(reader.id, call.post_id)
    settings = await bot.say(reader, "/start " + manage.split("start=")[1])
    assert tr(language, "Your subscription") in (settings.text or "")
