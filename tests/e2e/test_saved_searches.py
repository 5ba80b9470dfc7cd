"""Saved searches end to end (issue 25): a query saved as typed (typos, Latin letters) from
search results or /alerts; `cagbot import` in another process later writes a post it finds
and the person gets exactly one notification naming the query, in their language, and
nothing for a post it does not find; /mydata lists the searches, /forget erases them (and no
notification follows), the cap, pause and rename."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cagbot import callbacks
from cagbot.devserver import BotMessage, SimUser
from cagbot.store.saved_searches import MAX_PER_CHAT
from tests.e2e.conftest import Bot, button, subscribe
from tests.helpers.journeys import cagbot_import

MATCHING = (
    "[Русский] Стажировка в Бишкеке для молодёжи\n\n"
    "Молодёжный центр в Бишкеке ищет двух стажёров на осень. "
    "Заявки принимаются до 30 сентября 2027 года.\n"
)
MATCHING_TITLE = "Стажировка в Бишкеке для молодёжи"
OTHER = (
    "[Русский] Концерт народной музыки в Оше\n\n"
    "Приходите послушать комуз и поговорить с музыкантами из Оша. Вход свободный для всех.\n"
)

JOURNEYS = [
    # (Telegram language, the query as typed, the notification's first line)
    ("ru", "stazhirovka Bishkek", "🔔 Новое по запросу «stazhirovka Bishkek»"),
    ("sv", "praktik Kirgizistan", "🔔 Nytt för ”praktik Kirgizistan”"),
    ("en", "intership Kyrgystan", "🔔 New for “intership Kyrgystan”"),
]


async def _import(bot: Bot, tmp_path: Path, name: str, text: str) -> None:
    """`cagbot import` of one listing item, in another process, as an operator runs it."""
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    await cagbot_import(source, bot.app.bot_data.settings.database)


async def _index_ready(bot: Bot) -> None:
    services = bot.app.bot_data
    await bot.emu.wait_for(
        lambda: (
            services.ready and services.search.covers is not None and not services.search.loading
        ),
        30,
    )


async def _round(bot: Bot) -> None:
    """One look of the post watcher now (it also runs every 2 s on its own; a round run
    twice alerts nothing twice)."""
    runtime = bot.app.bot_data.notifications
    assert runtime is not None
    assert runtime.watcher is not None
    await runtime.watcher.look()


async def _alerts_queued(bot: Bot, user: SimUser) -> int:
    row = await bot.app.bot_data.store.db.fetchone(
        "SELECT count(*) FROM outbox o JOIN outbox_messages m ON m.id = o.message_id "
        "WHERE o.chat_id = ? AND m.dedupe_key LIKE 'saved:%'",
        (user.id,),
    )
    assert row is not None
    return int(row[0])


def _notifications(bot: Bot, user: SimUser) -> list[BotMessage]:
    """Messages about the matching post (nothing else the journeys do shows it)."""
    return [m for m in bot.emu.messages(user.id) if MATCHING_TITLE in (m.text or "")]


async def _save_from_results(bot: Bot, user: SimUser, query: str) -> BotMessage:
    results = await bot.say(user, query)
    await bot.press(user, results, button(results, "🔔"))
    return await bot.emu.next_message(user.id)


@pytest.mark.parametrize(("language", "query", "header"), JOURNEYS)
async def test_a_saved_typod_query_brings_one_notification_for_a_matching_import(
    bot: Bot, tmp_path: Path, language: str, query: str, header: str
) -> None:
    user = bot.user(language_code=language)
    await _index_ready(bot)
    saved = await _save_from_results(bot, user, query)
    assert query in (saved.text or "")
    assert saved.text is not None
    assert saved.text.startswith("🔔 ")

    await _import(bot, tmp_path, "other", OTHER)
    await _round(bot)
    assert await _alerts_queued(bot, user) == 0  # a concert in Osh is no internship

    await _import(bot, tmp_path, "matching", MATCHING)
    await _round(bot)
    assert await _alerts_queued(bot, user) == 1
    notification = await bot.emu.next_message(user.id, timeout=10)
    assert notification.text is not None
    assert notification.text.startswith(header)
    assert MATCHING_TITLE in notification.text

    # More rounds (a restart, the watcher's own look) tell nothing twice.
    await _round(bot)
    await bot.settle()
    assert await _alerts_queued(bot, user) == 1
    assert len(_notifications(bot, user)) == 1


async def test_mydata_lists_and_forget_erases_saved_searches(bot: Bot, tmp_path: Path) -> None:
    user = bot.user(language_code="ru")
    await _index_ready(bot)
    saved = await bot.say(user, "/alerts stazhirovka Bishkek")
    assert "«stazhirovka Bishkek»" in (saved.text or "")
    await bot.say(user, "/mydata")
    rest = await bot.emu.next_message(user.id)
    assert "1 сохранённый поиск" in (rest.text or "")
    assert "«stazhirovka Bishkek»" in (rest.text or "")

    prompt = await bot.say(user, "/forget")
    await bot.press(user, prompt, callbacks.encode("fgt", "yes", user.id))
    done = await bot.edited(prompt)
    assert "1 сохранённый поиск" in (done.text or "")
    rows = await bot.app.bot_data.store.db.fetchone("SELECT count(*) FROM saved_searches")
    assert rows is not None
    assert rows[0] == 0

    await _import(bot, tmp_path, "matching", MATCHING)
    await _round(bot)
    await bot.settle()
    assert await _alerts_queued(bot, user) == 0
    assert _notifications(bot, user) == []


async def test_at_most_ten_with_a_clear_answer(bot: Bot) -> None:
    user = bot.user(language_code="sv")
    for n in range(MAX_PER_CHAT):
        answer = await bot.say(user, f"/alerts praktik {n}")
        assert "Sparat" in (answer.text or "")
    over = await bot.say(user, "/alerts praktik Osh")
    assert "högst 10 sparade sökningar" in (over.text or "")
    listing = await bot.say(user, "/alerts")
    assert "10 sparade sökningar av högst 10" in (listing.text or "")


async def test_pause_resume_and_rename(bot: Bot, tmp_path: Path) -> None:
    user = bot.user(language_code="en")
    await _index_ready(bot)
    await bot.say(user, "/alerts grant Karakol")
    listing = await bot.say(user, "/alerts")
    assert "“grant Karakol”" in (listing.text or "")
    await bot.press(user, listing, button(listing, "grant Karakol"))
    opened = await bot.edited(listing)
    await bot.press(user, opened, button(opened, "Pause"))
    paused = await bot.edited(opened)
    assert "Notifications: paused" in (paused.text or "")

    # Renamed while paused: the new words take the next text message, not a search.
    await bot.press(user, paused, button(paused, "Rename"))
    prompt = await bot.emu.next_message(user.id)
    assert "“grant Karakol”" in (prompt.text or "")
    renamed = await bot.say(user, "stazhirovka Bishkek")
    assert "Changed: now “stazhirovka Bishkek”" in (renamed.text or "")

    await _import(bot, tmp_path, "matching", MATCHING)
    await _round(bot)
    assert await _alerts_queued(bot, user) == 0  # paused

    listing = await bot.say(user, "/alerts")
    assert "(paused)" in (listing.text or "")
    await bot.press(user, listing, button(listing, "stazhirovka"))
    opened = await bot.edited(listing)
    await bot.press(user, opened, button(opened, "Resume"))
    resumed = await bot.edited(opened)
    assert "Notifications: on" in (resumed.text or "")
    # A post that came while paused is not news later; the next one is.
    second = MATCHING.replace("для молодёжи", "для студентов").replace("осень", "весну")
    await _import(bot, tmp_path, "second", second)
    await _round(bot)
    assert await _alerts_queued(bot, user) == 1
    notification = await bot.emu.next_message(user.id, timeout=10)
    assert (notification.text or "").startswith("🔔 New for “stazhirovka Bishkek”")


async def test_someone_elses_button_does_nothing(bot: Bot) -> None:
    owner, stranger = bot.user(language_code="en"), bot.user(language_code="en")
    await bot.say(owner, "/alerts grant")
    search = (await bot.app.bot_data.store.saved_searches.of_chat(owner.id))[0]
    message = await bot.say(stranger, "/alerts")
    answer = await bot.forge(stranger, message, callbacks.encode("ssd", search.id))
    assert "no longer exists" in answer.get("text", "")
    assert await bot.app.bot_data.store.saved_searches.of_chat(owner.id) == [search]


async def test_a_subscriber_gets_the_post_once_with_the_search_named(
    bot: Bot, tmp_path: Path
) -> None:
    """A subscriber (every post, opportunities on) whose saved search finds the new post gets
    one message about it, the one naming the search, not the announcement as well."""
    runtime = bot.app.bot_data.notifications
    assert runtime is not None
    assert runtime.watcher is not None
    # Rounds only when the test runs them, so an import cannot land between a round's
    # saved searches and its announcements (both orders are tested in the store).
    runtime.watcher.every = 3600.0
    user = bot.user(language_code="ru")
    await subscribe(bot, user)
    await _index_ready(bot)
    await bot.say(user, "/alerts stazhirovka Bishkek")
    await asyncio.sleep(runtime.watch_every + 0.5)  # the watcher's last 2-second nap ends

    await _import(bot, tmp_path, "matching", MATCHING)
    await _round(bot)
    message = await bot.emu.next_message(user.id, timeout=10)
    assert (message.text or "").startswith("🔔 Новое по запросу «stazhirovka Bishkek»")
    await _round(bot)
    await bot.settle()
    assert len(_notifications(bot, user)) == 1
