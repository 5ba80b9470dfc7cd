"""Menus, descriptions and time zones through the real bot: every Telegram language the
bot reads as Russian gets the Russian menu and description; /timezone moves the times."""

from __future__ import annotations

import pytest

from cagbot import callbacks, views
from cagbot.bot.commands import PROFILE_LANGUAGES
from cagbot.i18n import I18n, map_telegram_language
from cagbot.timezones import CHOICES
from tests.e2e.conftest import STAFF_ID, Bot

I18N = I18n.load()


def test_profile_languages_cover_our_languages_and_every_russian_reading_code() -> None:
    for code in ("sv", "en", "ru", "ky", "kk", "uz", "tg", "be", "uk"):
        assert code in PROFILE_LANGUAGES
    assert all(len(code) == 2 for code in PROFILE_LANGUAGES)


@pytest.mark.parametrize("code", [*PROFILE_LANGUAGES, ""])
async def test_menus_and_descriptions_are_published_per_language_code(bot: Bot, code: str) -> None:
    await bot.settle()
    t = I18N.get(map_telegram_language(code) or bot.app.bot_data.settings.default_language)
    menu = bot.emu.commands({"type": "default"}, code)
    assert {"command": "latest", "description": t.gettext("The newest posts")} in menu
    assert all(entry["command"] != "stats" for entry in menu)
    assert bot.emu.descriptions[code] == views.description(t)
    assert bot.emu.short_descriptions[code] == views.short_description(t)
    staff = bot.emu.commands({"type": "chat", "chat_id": STAFF_ID}, code)
    assert {"command": "latest", "description": t.gettext("The newest posts")} in staff
    assert any(entry["command"] == "stats" for entry in staff)


async def test_a_kyrgyz_phone_sees_the_russian_profile(bot: Bot) -> None:
    await bot.settle()
    assert bot.emu.descriptions["ky"].startswith("Centralasiengrupperna (CAG) — шведская")
    assert len(bot.emu.short_descriptions["ky"]) <= 120
    assert len(bot.emu.descriptions["ky"]) <= 512


async def test_timezone_picker_moves_the_times_shown(bot: Bot) -> None:
    user = bot.user("ky")
    prompt = await bot.say(user, "/timezone")
    assert "Бишкек (UTC+6)" in (prompt.text or "")  # the Russian default
    labels = [label for row in prompt.buttons() for label, _ in row]
    assert any(label.startswith("✅ Бишкек") for label in labels)
    answer = await bot.press(
        user, prompt, callbacks.encode("tz", CHOICES.index("Europe/Stockholm"))
    )
    assert answer.get("text") == I18N.get("ru").gettext("Saved")
    done = await bot.edited(prompt)
    assert "Стокгольм" in (done.text or "")
    data = await bot.say(user, "/mydata")
    assert "Europe/Stockholm" in (data.text or "")


async def test_settings_open_the_time_zone_picker_in_place(bot: Bot) -> None:
    user = bot.user("sv")
    await bot.say(user, "/subscribe")
    settings = await bot.say(user, "/settings")
    assert "Stockholm (UTC" in (settings.text or "")  # the Swedish default
    labels = [label for row in settings.buttons() for label, _ in row]
    picker_label = I18N.get("sv").gettext("🕒 Time zone")
    assert picker_label in labels
    data = next(d for row in settings.buttons() for label, d in row if label == picker_label)
    assert data is not None
    await bot.press(user, settings, data)
    picker = await bot.edited(settings)
    assert "Bisjkek (UTC+6)" in str(picker.buttons())
    await bot.press(user, picker, callbacks.encode("tz", CHOICES.index("Asia/Bishkek")))
    done = await bot.edited(picker)
    assert "Bisjkek" in (done.text or "")
    assert await bot.app.bot_data.store.subscribers.time_zone_of(user.id) == "Asia/Bishkek"


# Nothing listens on the discard port: every translation request fails at once.
@pytest.mark.bot_settings(translate_url="http://127.0.0.1:9")
async def test_the_bot_keeps_working_when_the_translation_service_is_down(bot: Bot) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("translate")
    await job.callback(None)  # type: ignore[arg-type]  # one run, now, failing
    assert await bot.app.bot_data.store.translations.count() == 0
    user = bot.user("ru")
    latest = await bot.say(user, "/latest")
    assert I18N.get("ru").gettext("Latest posts") in (latest.text or "")
    found = await bot.say(user, "стажировка")
    assert "Стажировка" in (found.text or "")


async def test_a_members_language_press_in_a_group_is_told_about_the_language(bot: Bot) -> None:
    admin, member = bot.user("ru"), bot.user("ru")
    group = bot.emu.add_group("Novi Ritm", admins=[admin])
    prompt = await bot.say(admin, "/language@" + (bot.app.bot.username or ""), chat=group)
    answer = await bot.press(member, prompt, callbacks.encode("lang", "sv"))
    ru = I18N.get("ru")
    assert answer.get("text") == ru.gettext(
        "Sorry, only the admins of this group can change its language."
    )
    assert answer.get("show_alert") is True
    # and not the message about subscriptions it used to get
    assert "подписк" not in answer["text"]
