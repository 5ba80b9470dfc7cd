"""Voice notes end to end: the real bot, the emulator serving the note's file, and a
loopback fake of an OpenAI-compatible speech-to-text service."""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

import pytest

from cagbot.devserver import SimUser
from cagbot.speech.fake import FakeSpeech
from tests.e2e import speech_service
from tests.e2e.conftest import Bot
from tests.e2e.speech_service import audio

PHRASE = "стажировка в Бишкеке"
speech = speech_service.speech  # the fixture: the fake service, the bot pointed at it


async def speak(bot: Bot, user: SimUser, note: bytes, duration: int = 3) -> str:
    """``user`` sends a voice note; returns the text of the bot's first answer."""
    bot.emu.send_voice(user, note, duration)
    return (await bot.emu.next_message(user.id)).text or ""


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_a_russian_voice_note_finds_what_typing_finds(
    speech: FakeSpeech, bot: Bot, language: str
) -> None:
    typist, speaker = bot.user(language), bot.user(language)
    typed = await bot.say(typist, PHRASE)
    note = audio()
    speech.answers[note] = PHRASE
    heard = await speak(bot, speaker, note)
    assert PHRASE in heard
    assert heard.startswith("🎙 Услышано" if language == "ru" else "🎙 Jag hörde")
    spoken = await bot.emu.next_message(speaker.id)
    assert spoken.text == typed.text
    assert spoken.buttons() == typed.buttons()
    assert bot.emu.files.downloads == 1
    assert [(r["model"], r["size"]) for r in speech.requests] == [("small", len(note))]


async def test_a_spoken_number_opens_that_result_and_a_spoken_hello_greets(
    speech: FakeSpeech, bot: Bot
) -> None:
    typist, user = bot.user("en"), bot.user("en")
    await bot.say(typist, "internship")
    typed = await bot.say(typist, "1")
    await bot.say(user, "internship")
    number, hello = audio(), audio()
    speech.answers[number], speech.answers[hello] = "1", "hello"
    await speak(bot, user, number)
    opened = await bot.emu.next_message(user.id)
    assert opened.text == typed.text
    await speak(bot, user, hello)
    assert "Hello" in ((await bot.emu.next_message(user.id)).text or "")


@pytest.mark.bot_settings(voice_max_seconds=30)
async def test_an_over_long_note_is_declined_without_downloading(
    speech: FakeSpeech, bot: Bot
) -> None:
    answer = await speak(bot, bot.user("ru"), audio(), duration=31)
    assert "30 секунд" in answer
    assert bot.emu.files.downloads == 0
    assert speech.requests == []


async def test_a_note_too_big_to_download_is_declined(speech: FakeSpeech, bot: Bot) -> None:
    user = bot.user("en")
    bot.emu.send_voice(user, audio(), 5, file_size=21 * 1024 * 1024)
    answer = await bot.emu.next_message(user.id)
    assert "too long" in (answer.text or "")
    assert speech.requests == []


async def test_a_failing_service_gets_a_clear_reply(speech: FakeSpeech, bot: Bot) -> None:
    speech.fail_with = 503
    answer = await speak(bot, bot.user("sv"), audio())
    assert "kunde jag inte lyssna" in answer
    assert len(speech.requests) == 1


async def test_a_failing_download_from_telegram_gets_a_clear_reply(
    speech: FakeSpeech, bot: Bot
) -> None:
    bot.emu.faults.outage("getFile", 60.0)
    answer = await speak(bot, bot.user("ru"), audio())
    assert "не получается прослушать" in answer
    assert speech.requests == []


@pytest.mark.bot_settings(stt_timeout=0.5)
async def test_a_slow_service_gets_a_clear_reply(speech: FakeSpeech, bot: Bot) -> None:
    speech.delay = 5.0
    answer = await speak(bot, bot.user("en"), audio())
    assert "could not listen" in answer


async def test_silence_is_not_searched(speech: FakeSpeech, bot: Bot) -> None:
    user = bot.user("en")
    answer = await speak(bot, user, audio())  # the fake hears no words in it
    assert "could not make out any words" in answer
    await bot.settle()
    assert len(bot.emu.messages(user.id)) == 1


@pytest.mark.bot_settings(voice_person_per_hour=1)
async def test_a_person_over_the_limit_is_told_to_type(speech: FakeSpeech, bot: Bot) -> None:
    user = bot.user("ru")
    first = audio()
    speech.answers[first] = "привет"
    await speak(bot, user, first)
    await bot.emu.next_message(user.id)  # the greeting
    answer = await speak(bot, user, audio())
    assert "Напишите вопрос текстом" in answer
    assert len(speech.requests) == 1
    other = await speak(bot, bot.user("ru"), first)  # others still may
    assert "привет" in other


async def test_without_a_speech_service_the_text_hint_stays(bot: Bot) -> None:
    answer = await speak(bot, bot.user("en"), audio())
    assert "I can only read text" in answer
    assert bot.emu.files.downloads == 0


def _files_holding(needle: bytes, roots: list[Path], since: float) -> list[Path]:
    found = []
    for root in roots:
        for path in root.rglob("*"):
            try:
                if not path.is_file() or path.stat().st_mtime < since:
                    continue
                if path.stat().st_size < 64 * 1024 * 1024 and needle in path.read_bytes():
                    found.append(path)
            except OSError:  # another process's file, gone or not ours to read
                continue
    return found


async def test_nothing_of_the_audio_remains_on_disk_or_in_the_database(
    speech: FakeSpeech, bot: Bot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # Each by name too: another test's logging set-up may have raised these (cagbot.logs).
    for name in ("httpx", "httpcore", "telegram", "cagbot"):
        caplog.set_level(logging.DEBUG, logger=name)
    since = time.time() - 1
    user = bot.user("ru")
    note = audio()
    speech.answers[note] = PHRASE
    await speak(bot, user, note)
    await bot.emu.next_message(user.id)
    await bot.settle()
    database = bot.app.bot_data.settings.database
    assert database.parent == tmp_path
    assert database.exists()
    # A slice from the middle of the noise: neither header nor length prefix matches it.
    needle = note[1000:1064]
    assert _files_holding(needle, [tmp_path, Path(tempfile.gettempdir())], since) == []
    # The transcript is not kept either (the search answer is not stored).
    assert _files_holding(PHRASE.encode(), [tmp_path], since) == []
    # Nor logged: the audio at no level, the transcript not at INFO and above (PTB logs
    # every request's parameters at DEBUG, the "I heard" answer among them).
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "getFile" in logged  # the capture saw the bot's requests
    assert needle.hex() not in logged
    assert repr(needle)[2:40] not in logged
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and PHRASE in r.getMessage()]
