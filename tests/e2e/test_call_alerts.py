"""Call alerts by kind, place and language, through the emulator in ru, sv and en: a person
who chooses internships in Kyrgyzstan in /settings gets only those, instantly and in the
digest, while a subscriber who chose nothing gets every call; "only my language" keeps out
calls not written in it, and calls in other languages come marked."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cagbot import callbacks
from cagbot.bot.notifications import runtime_of
from cagbot.content import import_sources
from cagbot.devserver import BotMessage, SimUser
from cagbot.i18n import I18n
from cagbot.i18n_names import in_language
from cagbot.lexicon import load_lexicon
from cagbot.notify.notifier import Notifier
from cagbot.views.call_filters import kind_label, place_label
from tests.e2e.conftest import Bot, subscribe

I18N = I18n.load()
LANGUAGES = pytest.mark.parametrize("lang", ["ru", "sv", "en"])

#: Calls of several kinds and places; only the first is an internship in Kyrgyzstan. Their
#: titles and summaries name no place: the location does (as in most real calls).
FIRST = {
    "Internship at a youth centre": ("internship", "Osh, Kyrgyzstan"),
    "Project coordinator job": ("job", "Bishkek, Kyrgyzstan"),
    "Internship in gender equality work": ("internship", "Malmö, Sweden"),
    "Internship in digital communication": ("internship", "Online"),
    "Volunteering at a summer camp": ("volunteering", "Almaty, Kazakhstan"),
}
#: A second batch, for the digest: one more match among others.
SECOND = {
    "Internship with a women's rights group": ("internship", "Jalal-Abad, Kyrgyzstan"),
    "Grant for youth initiatives": ("grant", "Osh, Kyrgyzstan"),
    "Residency for climate artists": ("residency", "Stockholm, Sweden"),
}


def _notifier(bot: Bot) -> Notifier:
    notifier = runtime_of(bot.app).notifier
    assert notifier is not None
    return notifier


def _toml(calls: dict[str, tuple[str, str]], language: str = "en") -> str:
    entries = []
    for title, (kind, location) in calls.items():
        entries.append(
            f'[[opportunity]]\ntitle = "{title}"\nlanguage = "{language}"\ntype = "{kind}"\n'
            f'summary = "Two months of work with a partner organisation. {title}."\n'
            f'location = "{location}"\ndeadline = 2030-06-30\n'
            'apply_url = "https://centralasien.se/apply"\nis_open = true\n'
        )
    return "\n".join(entries)


async def _import(bot: Bot, tmp_path: Path, name: str, text: str) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    report = await import_sources(bot.app.bot_data.store, [source])
    assert report.added > 0, report.summary()


async def _delivered(bot: Bot, *chat_ids: int) -> None:
    """Announce what was imported and wait until every queued delivery went out."""
    runtime = runtime_of(bot.app)
    await _notifier(bot).announce_new_posts()
    assert runtime.dispatcher is not None
    runtime.dispatcher.wake()
    db = bot.app.bot_data.store.db
    marks = ",".join("?" * len(chat_ids))

    async def pending() -> int:
        row = await db.fetchone(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') "
            f"AND chat_id IN ({marks})",
            chat_ids,
        )
        return int(row[0]) if row else 0

    for _ in range(200):
        if await pending() == 0:
            break
        runtime.dispatcher.wake()
        await asyncio.sleep(0.05)
    assert await pending() == 0
    await bot.settle()


def _texts(bot: Bot, user: SimUser, after: int) -> list[str]:
    return [m.text or "" for m in bot.emu.messages(user.id) if m.message_id > after]


def _last_id(bot: Bot, user: SimUser) -> int:
    messages = bot.emu.messages(user.id)
    return messages[-1].message_id if messages else 0


async def _choose_internships_in_kyrgyzstan(bot: Bot, user: SimUser, lang: str) -> BotMessage:
    t = I18N.get(lang)
    summary = await subscribe(bot, user)
    await bot.press(user, summary, callbacks.encode("cfl"))
    screen = await bot.edited(summary)
    assert t.gettext("Which calls should I tell you about?") in (screen.text or "")
    await bot.press(user, screen, callbacks.encode("ck", "internship"))
    screen = await bot.edited(screen)
    await bot.press(user, screen, callbacks.encode("cp", "kg"))
    screen = await bot.edited(screen)
    text = screen.text or ""
    assert kind_label(t, "internship") in text
    assert place_label(t, load_lexicon(), "kg") in text
    settings = await bot.say(user, "/settings")
    assert place_label(t, load_lexicon(), "kg") in (settings.text or "")
    return screen


@LANGUAGES
async def test_internships_in_kyrgyzstan_only_instantly_and_in_the_digest(
    bot: Bot, tmp_path: Path, lang: str
) -> None:
    await _notifier(bot).announce_new_posts()  # the first run absorbs the backlog
    picky = bot.user(lang)
    everything = bot.user(lang)
    await _choose_internships_in_kyrgyzstan(bot, picky, lang)
    await subscribe(bot, everything)
    picky_from, all_from = _last_id(bot, picky), _last_id(bot, everything)

    await _import(bot, tmp_path, "first.toml", _toml(FIRST))
    await _delivered(bot, picky.id, everything.id)
    got = _texts(bot, picky, picky_from)
    assert len(got) == 1
    assert "Internship at a youth centre" in got[0]
    every = "\n".join(_texts(bot, everything, all_from))
    assert all(title in every for title in FIRST)  # the calls were announced

    # The same filter chooses the digest's calls.
    await bot.app.bot_data.store.subscribers.set_frequency(picky.id, "daily")
    picky_from = _last_id(bot, picky)
    await _import(bot, tmp_path, "second.toml", _toml(SECOND))
    await _notifier(bot).announce_new_posts()
    assert await _notifier(bot).send_digests("daily", "test", chats=[picky.id]) == 1
    await _delivered(bot, picky.id)
    [digest] = _texts(bot, picky, picky_from)
    assert "Internship with a women's rights group" in digest
    assert "Grant for youth initiatives" not in digest
    assert "Residency for climate artists" not in digest


@pytest.mark.parametrize("lang", ["ru", "sv"])
async def test_only_my_language_keeps_out_calls_in_others_and_any_language_marks_them(
    bot: Bot, tmp_path: Path, lang: str
) -> None:
    await _notifier(bot).announce_new_posts()
    t = I18N.get(lang)
    strict = bot.user(lang)
    open_minded = bot.user(lang)
    summary = await subscribe(bot, strict)
    await bot.press(strict, summary, callbacks.encode("cfl"))
    screen = await bot.edited(summary)
    await bot.press(strict, screen, callbacks.encode("cg", "mine"))
    screen = await bot.edited(screen)
    assert t.gettext("only in your language") in (screen.text or "")
    await subscribe(bot, open_minded)
    strict_from, open_from = _last_id(bot, strict), _last_id(bot, open_minded)

    own = {"ru": "Стажировка в молодёжном центре", "sv": "Praktik på ett ungdomscenter"}[lang]
    await _import(
        bot,
        tmp_path,
        "languages.toml",
        _toml({"Internship abroad in English": ("internship", "Osh, Kyrgyzstan")})
        + "\n"
        + _toml({own: ("internship", "Osh, Kyrgyzstan")}, language=lang),
    )
    await _delivered(bot, strict.id, open_minded.id)
    strict_got = "\n".join(_texts(bot, strict, strict_from))
    assert own in strict_got
    assert "Internship abroad in English" not in strict_got
    open_got = _texts(bot, open_minded, open_from)
    english = next(text for text in open_got if "Internship abroad in English" in text)
    assert in_language(t, "en") in english  # marked with its language
