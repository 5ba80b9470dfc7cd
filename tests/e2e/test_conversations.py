"""What a person meets, walked through the real bot as Russian, Swedish, English and Kyrgyz
(language_code ky -> Russian) users, plus groups, staff and forged buttons."""

from __future__ import annotations

import asyncio

import pytest

from cagbot import callbacks
from cagbot.bot.notifications import runtime_of
from cagbot.i18n import I18n
from tests.e2e.conftest import STAFF_ID, Bot, button, subscribe

I18N = I18n.load()
# (Telegram language_code, the language the bot must answer in)
PERSONAS = [("ru", "ru"), ("sv", "sv"), ("en", "en"), ("ky", "ru")]
INTERNSHIP_QUERY = {"ru": "стажировка", "sv": "praktik", "en": "internship"}


def tr(language: str, msgid: str) -> str:
    return I18N.get(language).gettext(msgid)


persona = pytest.mark.parametrize(("code", "lang"), PERSONAS, ids=[p[0] for p in PERSONAS])


@persona
async def test_start_help_and_menus_speak_the_users_language(
    bot: Bot, code: str, lang: str
) -> None:
    user = bot.user(code)
    welcome = await bot.say(user, "/start")
    assert tr(lang, "👋 Welcome to the bot of Centralasiengrupperna (CAG)!") in (welcome.text or "")
    help_message = await bot.say(user, "/help")
    assert tr(lang, "What I can do") in (help_message.text or "")
    assert f"/latest — {tr(lang, 'The newest posts')}" in (help_message.text or "")
    assert "/stats" not in (help_message.text or "")  # staff only
    menu = bot.emu.commands({"type": "default"}, lang)
    assert {"command": "latest", "description": tr(lang, "The newest posts")} in menu
    assert all(entry["command"] != "stats" for entry in menu)


@persona
async def test_language_switch_is_remembered(bot: Bot, code: str, lang: str) -> None:
    user = bot.user(code)
    other = "sv" if lang != "sv" else "ru"
    prompt = await bot.say(user, "/language")
    answer = await bot.press(user, prompt, callbacks.encode("lang", other))
    assert answer.get("text") is None
    done = await bot.edited(prompt)
    assert done.text == tr(other, "Done: I will speak English with you now.")
    again = await bot.say(user, "/help")
    assert tr(other, "What I can do") in (again.text or "")


@persona
async def test_latest_pages_edit_the_message_in_place(bot: Bot, code: str, lang: str) -> None:
    user = bot.user(code)
    first = await bot.say(user, "/latest")
    assert tr(lang, "Latest posts") in (first.text or "")
    page_one = tr(lang, "(page {page} of {pages})").split("{page}")[0]
    assert page_one in (first.text or "")
    first_text = first.text  # the emulator updates its message objects as edits arrive
    await bot.press(user, first, button(first, "▶"))
    second = await bot.edited(first)
    assert second.message_id == first.message_id
    assert second.text != first_text
    assert "2/" in str(second.buttons())
    await bot.press(user, second, button(second, "◀"))
    back = await bot.edited(second)
    assert back.text == first_text


@persona
async def test_free_text_finds_the_internship(bot: Bot, code: str, lang: str) -> None:
    user = bot.user(code)
    found = await bot.say(user, INTERNSHIP_QUERY[lang])
    text = found.text or ""
    assert "🎯 " + tr(lang, "Internship") in text
    assert "1." in text
    await bot.press(user, found, button(found, "1"))
    detail = await bot.emu.next_message(user.id)
    assert detail.message_id != found.message_id
    assert "🎯" in (detail.text or "")


@persona
async def test_no_match_offers_topics(bot: Bot, code: str, lang: str) -> None:
    user = bot.user(code)
    reply = await bot.say(user, "bitcoin price")
    assert tr(lang, "Try one of our topics:") in (reply.text or "")
    climate = I18N.get(lang)
    from cagbot.lexicon import load_lexicon

    topic = load_lexicon().topic("climate")
    assert topic is not None
    label = topic.label(climate.language)
    await bot.press(user, reply, button(reply, label))
    listing = await bot.emu.next_message(user.id)
    assert label in (listing.text or "")


@persona
async def test_opportunities_filter_buttons(bot: Bot, code: str, lang: str) -> None:
    user = bot.user(code)
    listing = await bot.say(user, "/opportunities")
    assert "🗓" in (listing.text or "")
    await bot.press(user, listing, button(listing, tr(lang, "Internships")))
    internships = await bot.edited(listing)
    kinds = [
        line.split(" · ")[0]
        for line in (internships.text or "").splitlines()
        if line.startswith("🎯")
    ]
    assert kinds
    assert set(kinds) == {"🎯 " + tr(lang, "Internship")}
    assert "✅ " + tr(lang, "Internships") in str(internships.buttons())
    # The internship whose deadline passed (January 2026) is not offered as open.
    assert "2026" not in (internships.text or "").split("🗓", 1)[-1].split("\n")[0]
    closed = tr(lang, "Applications are closed.")
    assert closed not in (internships.text or "")


@persona
async def test_subscribe_toggles_settings_and_unsubscribe(bot: Bot, code: str, lang: str) -> None:
    user = bot.user(code)
    from cagbot.lexicon import load_lexicon

    topic = load_lexicon().topic("climate")
    assert topic is not None
    label = topic.label(lang)
    prompt = await bot.say(user, "/subscribe")
    assert "▫️ " + label in str(prompt.buttons())
    await bot.press(user, prompt, callbacks.encode("sub", "t", "climate"))
    toggled = await bot.edited(prompt)
    assert "✅ " + label in str(toggled.buttons())
    await bot.press(user, toggled, callbacks.encode("fq", "weekly"))
    weekly = await bot.edited(toggled)
    assert "✅ " + tr(lang, "Weekly") in str(weekly.buttons())
    # Nothing is sent before the confirmation; the confirmation says what comes, and when.
    stored = await bot.app.bot_data.store.subscribers.get(user.id)
    assert stored is not None
    assert not stored.subscribed
    await bot.press(user, weekly, callbacks.encode("subok"))
    done = await bot.edited(weekly)
    assert tr(lang, "✅ You are subscribed.") in (done.text or "")
    weekly_line = tr(lang, "Notifications: one digest a week, on Mondays at {time}")
    assert weekly_line.split("{time}")[0] in (done.text or "")
    assert callbacks.encode("setx") in done.callback_data()
    settings = await bot.say(user, "/settings")
    assert label in (settings.text or "")
    assert tr(lang, "Notifications are on.") in (settings.text or "")
    paused = await bot.say(user, "/unsubscribe")
    assert paused.text == tr(
        lang,
        "Paused: I will send you nothing until you /subscribe again. Your choices are kept.",
    )
    after = await bot.say(user, "/settings")
    assert label in (after.text or "")  # choices kept
    assert tr(lang, "Notifications are on.") not in (after.text or "")


@persona
async def test_inline_query_returns_matching_posts(bot: Bot, code: str, lang: str) -> None:
    user = bot.user(code)
    query_id = bot.emu.inline_query(user, INTERNSHIP_QUERY[lang])
    await bot.emu.wait_for(lambda: query_id in bot.emu.inline_answers)
    results = bot.emu.inline_answers[query_id]["results"]
    assert 0 < len(results) <= 50
    assert all(len(result["id"].encode()) <= 64 for result in results)
    assert all("<script" not in r["input_message_content"]["message_text"] for r in results)


async def test_deep_links(bot: Bot) -> None:
    user = bot.user("ru")
    intro = await bot.say(user, "/start topic_climate")
    assert "Климат и экология" in (intro.text or "")
    assert "1. " in (intro.text or "")  # the topic's latest posts
    await bot.press(user, intro, callbacks.encode("sub", "on", "climate"))
    settings = await bot.emu.next_message(user.id)
    assert "✅ Климат и экология" in str(settings.buttons())

    opportunity = (await bot.app.bot_data.store.posts.opportunities())[0]
    detail = await bot.say(user, f"/start opp_{opportunity.id}")
    assert "🎯" in (detail.text or "")

    for payload in ("topic_bitcoin", "opp_999999", "post_999999"):
        gone = await bot.say(user, f"/start {payload}")
        assert gone.text == tr("ru", "This post is no longer available.")
        assert callbacks.encode("opp", "all", 0) in gone.callback_data()  # the menu
    welcome = await bot.say(user, "/start weird!payload")
    assert "Добро пожаловать" in (welcome.text or "")
    sentinel = await bot.say(user, "/help")  # nothing else came after the welcomes
    assert "Что я умею" in (sentinel.text or "")


async def test_group_commands_chatter_and_admin_rights(bot: Bot) -> None:
    admin, member = bot.user("en"), bot.user("sv")
    group = bot.emu.add_group(admins=[admin], members=[member])
    bot.emu.send_text(member, "hello everyone, what's for lunch?", chat=group)
    addressed = await bot.say(member, f"/help@{bot.emu.bot_username}", chat=group)
    assert "Det här kan jag" in (addressed.text or "")  # chatter ignored, help answered

    refused = await bot.say(member, "/subscribe", chat=group)
    assert refused.text == tr(
        "sv", "Sorry, only the admins of this group can change its subscription."
    )
    prompt = await bot.say(admin, f"/subscribe@{bot.emu.bot_username}", chat=group)
    assert "▫️" in str(prompt.buttons())
    answer = await bot.press(member, prompt, callbacks.encode("sub", "t", "peace"))
    assert answer.get("show_alert") in (True, "true")
    await bot.press(admin, prompt, callbacks.encode("sub", "t", "peace"))
    toggled = await bot.edited(prompt)
    assert "✅" in str(toggled.buttons())
    await bot.press(admin, toggled, callbacks.encode("subok"))
    await bot.edited(toggled)
    subscriber = await bot.app.bot_data.store.subscribers.get(group.id)
    assert subscriber is not None
    assert subscriber.subscribed
    assert subscriber.topics == ("peace",)


async def test_stats_for_staff_and_refusal_for_others(bot: Bot) -> None:
    staff = bot.user("sv", user_id=STAFF_ID)
    stranger = bot.user("en")
    await subscribe(bot, stranger)
    refused = await bot.say(stranger, "/stats")
    assert refused.text == tr("en", "Sorry, this command is only for CAG staff.")
    store = bot.app.bot_data.store
    await store.outbox.enqueue([stranger.id], "Hello from staff", kind="staff", parse_mode=None)
    dispatcher = runtime_of(bot.app).dispatcher
    assert dispatcher is not None
    dispatcher.wake()
    await bot.emu.next_message(stranger.id)  # delivered by the notification dispatcher
    for _ in range(200):  # the outcome is recorded in a batch just after the answer
        if (await store.outbox.counts()).sent == 1:
            break
        await asyncio.sleep(0.025)
    stats = await bot.say(staff, "/stats")
    assert "Statistik" in (stats.text or "")
    assert "1 prenumerant" in (stats.text or "")
    assert "📬 Leveranser: 0 i kö, 0 skickas, 1 skickade, 0 blockerade, 0 misslyckade" in (
        stats.text or ""
    )
    assert "📣 0 utskick skickade" in (stats.text or "")
    staff_menu = bot.emu.commands({"type": "chat", "chat_id": STAFF_ID}, "sv")
    assert any(entry["command"] == "stats" for entry in staff_menu)


@pytest.mark.parametrize("data", ["v1|lat|abc", "v0|lat|1", "garbage", "v1|post|99999999"])
async def test_forged_callback_data_gets_a_polite_answer(bot: Bot, data: str) -> None:
    user = bot.user("ru")
    message = await bot.say(user, "/latest")
    answer = await bot.forge(user, message, data)
    assert answer.get("text") in (
        tr("ru", "This button has expired. Please send the command again."),
        tr("ru", "This post is no longer available."),
    )


async def test_a_failing_handler_gets_a_localized_apology_not_a_traceback(bot: Bot) -> None:
    from telegram.ext import CommandHandler

    async def boom(update: object, context: object) -> None:
        raise RuntimeError("boom")

    # A group no feature uses (cagbot.bot.handler_groups), so nothing takes /boom first.
    bot.app.add_handler(CommandHandler("boom", boom), group=-20)
    user = bot.user("sv")
    apology = await bot.say(user, "/boom")
    assert apology.text == tr(
        "sv", "Sorry, something went wrong on my side. Please try again later."
    )
    assert "Traceback" not in (apology.text or "")
    assert [record.getMessage() for record in bot.errors] == ["error while handling an update"]
    bot.errors.clear()


async def test_closed_internship_comes_after_open_ones_of_equal_relevance(bot: Bot) -> None:
    found = await bot.say(bot.user("sv"), "praktik")
    text = found.text or ""
    closed = text.index("Praktikant till Genusgruppen")  # marked closed in the sample
    assert closed > text.index("Praktikant med inriktning genus")
    assert tr("sv", "Applications are closed.") in text[closed:]
