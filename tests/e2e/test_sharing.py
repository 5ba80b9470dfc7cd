"""Share and act in one tap, through the emulator in ru, sv and en: a call's detail view
copies the application address, sends its deadline as a calendar file that a standard
parser (icalendar) reads with the right local time and UTC offset, and shares the call into
another chat, where a friend opens it in the bot through the result's deep link."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from cagbot import callbacks
from cagbot.devserver import BotMessage
from cagbot.i18n import I18n
from tests.e2e.conftest import Bot

I18N = I18n.load()
#: The bundled call applied to by e-mail (data/opportunities.toml), its deadline and address.
MAIL_CALL = "Praktikant med inriktning genus/tjejers rättigheter%"
DEADLINE = date(2027, 3, 15)
ADDRESS = "info@centralasien.se"
#: (language, the zone the person chose or None for the language's default, its offset then)
PERSONAS = [
    ("ru", None, timedelta(hours=6)),  # Asia/Bishkek
    ("sv", None, timedelta(hours=1)),  # Europe/Stockholm in March: CET
    ("en", "Asia/Almaty", timedelta(hours=5)),
]


async def _mail_call(bot: Bot) -> int:
    row = await bot.app.bot_data.store.db.fetchone(
        "SELECT id FROM posts WHERE title LIKE ?", (MAIL_CALL,)
    )
    assert row is not None
    return int(row[0])


def _button(message: BotMessage, text: str) -> dict[str, object]:
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            if button["text"] == text:
                return dict(button)
    raise AssertionError(f"no button {text!r}: {message.buttons()}")


@pytest.mark.parametrize(("lang", "zone", "offset"), PERSONAS, ids=[p[0] for p in PERSONAS])
async def test_copy_the_address_and_add_the_deadline_to_a_calendar(
    bot: Bot, lang: str, zone: str | None, offset: timedelta
) -> None:
    t = I18N.get(lang)
    user = bot.user(lang)
    post_id = await _mail_call(bot)
    if zone is not None:
        await bot.say(user, "/start")
        await bot.app.bot_data.store.subscribers.set_time_zone(user.id, zone)
    detail = await bot.say(user, f"/start post_{post_id}")
    assert _button(detail, t.gettext("📋 Copy address"))["copy_text"] == {"text": ADDRESS}

    await bot.press(user, detail, callbacks.encode("ics", post_id))
    sent = await bot.emu.next_message(user.id)
    assert sent.kind == "document"
    [document] = bot.emu.documents
    assert document.filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(document.data)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert isinstance(start, datetime)
    assert (start.date(), start.hour, start.minute) == (DEADLINE, 23, 59)
    assert start.utcoffset() == offset
    expected_zone = zone or {"ru": "Asia/Bishkek", "sv": "Europe/Stockholm"}[lang]
    assert start == datetime(2027, 3, 15, 23, 59, tzinfo=ZoneInfo(expected_zone))
    assert event["dtstart"].params["TZID"] == expected_zone
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == [expected_zone]
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(days=3)
    assert ADDRESS in str(event["description"])

    # A notification's "📅 Add to calendar" is a deep link: the same file, in private.
    await bot.say(user, f"/start ics_{post_id}")
    assert len(bot.emu.documents) == 2
    assert bot.emu.documents[1].data == document.data.replace(
        *_stamps(document.data, bot.emu.documents[1].data)
    )


def _stamps(first: bytes, second: bytes) -> tuple[bytes, bytes]:
    """The DTSTAMP lines of two calendar files (when each was made)."""

    def stamp(data: bytes) -> bytes:
        return next(line for line in data.splitlines() if line.startswith(b"DTSTAMP"))

    return stamp(first), stamp(second)


@pytest.mark.parametrize("lang", ["ru", "sv", "en"])
async def test_a_call_shared_into_a_group_opens_in_the_bot_for_a_friend(
    bot: Bot, lang: str
) -> None:
    t = I18N.get(lang)
    user = bot.user(lang)
    friend = bot.user(lang)
    group = bot.emu.add_group("Friends", members=[user, friend])
    post_id = await _mail_call(bot)
    detail = await bot.say(user, f"/start post_{post_id}")

    query_id = bot.emu.choose_chat(user, detail, t.gettext("↗️ Share"), group)
    await bot.emu.wait_for(lambda: query_id in bot.emu.inline_answers)
    results = bot.emu.inline_answers[query_id]["results"]
    assert [result["id"] for result in results] == [f"p{post_id}"]  # exactly that call
    shared = bot.emu.deliver_inline_result(user, query_id)
    assert shared.chat_id == group.id
    post = await bot.app.bot_data.store.posts.get(post_id)
    assert post is not None
    title = post.text_for(lang).title
    assert title in (detail.text or "")
    assert title in (shared.text or "")
    link = _button(shared, t.gettext("Open in the bot"))["url"]
    assert link == f"https://t.me/{bot.emu.bot_username}?start=post_{post_id}"

    # The friend taps the link: their client opens the bot and sends /start with it.
    opened = await bot.say(friend, "/start " + str(link).split("start=")[1])
    assert title in (opened.text or "")
    assert _button(opened, t.gettext("📋 Copy address"))["copy_text"] == {"text": ADDRESS}
