"""Screens that lead somewhere and say things as they are, through the running bot, for
Russian and Swedish readers: ☰ Menu under /subscribe; "not subscribed yet" for someone who
never subscribed (not "paused"); a call whose every shown text is in the reader's language
carries no "🌐 in Swedish" mark; a photo's caption is searched; a reminder never promises
more days than are left."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from cagbot import callbacks
from cagbot.i18n import I18n
from cagbot.models import OpportunityDetails, PostDraft, Version
from cagbot.views import notices
from tests.e2e.conftest import TODAY, Bot, subscribe
from tests.e2e.phone import MAX_LINES, longest_reply, phone_lines


@pytest.fixture(autouse=True)
async def _every_reply_fits_a_phone(bot: Bot) -> AsyncIterator[None]:
    """After each journey: no message the bot sent in it is longer than a phone screen."""
    yield
    lines, first = longest_reply(bot.emu)
    print(f"longest reply: {lines} lines ({first[:40]!r})")
    assert lines <= MAX_LINES, first


I18N = I18n.load()
LANGUAGES = ["ru", "sv"]


def tr(language: str, msgid: str) -> str:
    return I18N.get(language).gettext(msgid)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_subscribe_has_the_menu_and_settings_say_not_subscribed_yet(
    bot: Bot, language: str
) -> None:
    user = bot.user(language_code=language)
    await bot.say(user, "/start")
    settings = await bot.say(user, "/settings")
    text = settings.text or ""
    assert tr(language, "You are not subscribed yet. Use /subscribe to choose what you get.") in (
        text
    )
    paused = tr(language, "Notifications are paused. Use /subscribe to turn them on.")
    assert paused not in text
    prompt = await bot.say(user, "/subscribe")
    assert callbacks.encode("menu") in prompt.callback_data()
    assert phone_lines(prompt.text or "") <= MAX_LINES
    # Subscribed, then unsubscribed: now it is paused, and says so.
    await bot.press(user, prompt, callbacks.encode("subok"))
    await bot.edited(prompt)
    await bot.say(user, "/unsubscribe")
    assert paused in ((await bot.say(user, "/settings")).text or "")


async def _call(bot: Bot, *, days_left: int, russian: bool = True) -> int:
    """A call written in Swedish with a complete Russian version, except its Apply label
    (Swedish only)."""
    store = bot.app.bot_data.store
    versions = (
        {
            "ru": Version(
                title="Стажировка в Караколе",
                summary="Работа с молодёжью в Караколе всё лето.",
                location="Каракол",
                duration="3 месяца",
                how_to_apply="Заполните анкету на сайте.",
            )
        }
        if russian
        else {}
    )
    added = await store.posts.upsert(
        PostDraft(
            key=f"praktik i karakol {days_left}",
            title=f"Praktik i Karakol {days_left}",
            summary="Arbeta med unga i Karakol hela sommaren.",
            language="sv",
            source="test",
            kind="opportunity",
            url=f"https://centralasien.se/karakol-{days_left}",
            opportunity=OpportunityDetails(
                type="internship",
                location="Karakol",
                duration="3 mån",
                deadline=TODAY + timedelta(days=days_left),
                how_to_apply="Fyll i formuläret.",
                apply_url="https://centralasien.se/ansok",
                apply_label="Ansök här",
            ),
            versions=versions,
        )
    )
    assert added.post_id is not None
    return added.post_id


async def test_a_fully_russian_call_is_not_marked_as_swedish(bot: Bot) -> None:
    post_id = await _call(bot, days_left=30)
    reader = bot.user(language_code="ru")
    await subscribe(bot, reader)
    detail = await bot.say(reader, f"/start opp_{post_id}")
    text = detail.text or ""
    assert "Стажировка в Караколе" in text
    assert "🌐" not in text
    assert phone_lines(text) <= MAX_LINES


@pytest.mark.parametrize(
    ("language", "caption"),
    [("ru", "стажировка в Караколе ещё актуальна?"), ("sv", "praktik i karakol?")],
)
async def test_a_photo_is_searched_by_its_caption(bot: Bot, language: str, caption: str) -> None:
    post = await bot.app.bot_data.store.posts.get(await _call(bot, days_left=30))
    assert post is not None
    bot.app.bot_data.search.upsert(post)  # as an import into the running bot does
    user = bot.user(language_code=language)
    bot.emu.send_photo(user, "AgACscreenshot01", caption=caption)
    answer = await bot.emu.next_message(user.id)
    text = answer.text or ""
    assert "Karakol" in text or "Каракол" in text
    assert phone_lines(text) <= MAX_LINES


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("days_left", [0, 2, 10])
async def test_a_reminder_promises_no_more_than_the_time_left(
    bot: Bot, language: str, days_left: int
) -> None:
    post_id = await _call(bot, days_left=days_left)
    user = bot.user(language_code=language)
    await bot.say(user, "/start")
    confirmation = await bot.say(user, f"/start remind_{post_id}")
    t = I18N.get(language)
    expected = notices.reminder_set(t, min(days_left, 3))
    assert confirmation.text == html.unescape(expected)
    if days_left < 3:
        assert notices.reminder_on(t, 3) != expected
