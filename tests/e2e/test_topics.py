"""Forum topics through the running bot: every answer to a message in a topic stays in that
topic (replies, edits, follow-ups after a button), in forum groups and in private chats with
topics; a message typed in General is answered in General.

Telegram puts a message without ``message_thread_id`` in General; the emulator records the
thread each message went to, so a reply that forgot it shows up as ``None`` here."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from cagbot import callbacks
from cagbot.devserver import BotMessage, SimChat, SimUser
from tests.e2e.conftest import Bot
from tests.e2e.phone import MAX_LINES, longest_reply, phone_lines


@pytest.fixture(autouse=True)
async def _every_reply_fits_a_phone(bot: Bot) -> AsyncIterator[None]:
    """After each journey: no message the bot sent in it is longer than a phone screen."""
    yield
    lines, first = longest_reply(bot.emu)
    print(f"longest reply: {lines} lines ({first[:40]!r})")
    assert lines <= MAX_LINES, first


#: What an admin types in a topic; each is answered at least once.
COMMANDS = ("/help", "/subscribe", "/settings", "/latest", "/language", "/opportunities")


async def _say_in(bot: Bot, user: SimUser, chat: SimChat, topic: int | None, text: str) -> None:
    bot.emu.send_text(user, text, chat=chat, thread_id=topic)
    await bot.settle()


def _longest(messages: list[BotMessage]) -> int:
    return max(phone_lines(m.text or "") for m in messages)


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_every_answer_in_a_forum_topic_stays_in_that_topic(bot: Bot, language: str) -> None:
    admin = bot.user(language_code=language)
    forum = bot.emu.add_forum("Novi Ritm", admins=[admin])
    topic = bot.emu.add_topic(forum)
    for command in COMMANDS:
        await _say_in(bot, admin, forum, topic, command)
    # A button on an answer: subscribing edits the prompt, and the prompt stays put.
    prompt = next(
        m for m in bot.emu.messages(forum.id) if callbacks.encode("subok") in (m.callback_data())
    )
    await bot.press(admin, prompt, callbacks.encode("subok"))
    await bot.settle()
    sent = bot.emu.messages(forum.id)
    assert len(sent) >= len(COMMANDS)
    assert {m.message_thread_id for m in sent} == {topic}
    # The same command in General is answered in General (no thread id at all).
    before = len(sent)
    await _say_in(bot, admin, forum, None, "/help")
    general = bot.emu.messages(forum.id)[before:]
    assert general
    assert {m.message_thread_id for m in general} == {None}
    assert _longest(bot.emu.messages(forum.id)) <= MAX_LINES


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_follow_ups_after_buttons_go_to_the_topic(bot: Bot, language: str) -> None:
    """Pressing the buttons of the answers (posts, paging, menu, calls): whatever they send
    or edit stays in the topic; another topic's question is answered in that one."""
    admin = bot.user(language_code=language)
    forum = bot.emu.add_forum("Novi Ritm", admins=[admin])
    topic = bot.emu.add_topic(forum)
    other = bot.emu.add_topic(forum)
    for command in ("/latest", "/opportunities"):
        await _say_in(bot, admin, forum, topic, command)
        answer = bot.emu.messages(forum.id)[-1]
        for data in answer.callback_data()[:6]:
            current = bot.emu.message(forum.id, answer.message_id) or answer
            if data in current.callback_data():
                bot.emu.press(admin, current, data)
                await bot.settle()
    await _say_in(bot, admin, forum, other, "/help")
    sent = bot.emu.messages(forum.id)
    assert len(sent) >= 3
    assert sent[-1].message_thread_id == other
    assert {m.message_thread_id for m in sent[:-1]} == {topic}
    assert _longest(sent) <= MAX_LINES


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_a_private_chat_with_topics_is_answered_in_the_topic(bot: Bot, language: str) -> None:
    user = bot.user(language_code=language)
    chat = bot.emu.chats[user.id]
    topic = bot.emu.add_topic(chat)
    for command in ("/help", "/subscribe", "/latest"):
        await _say_in(bot, user, chat, topic, command)
    await _say_in(bot, user, chat, topic, "виза" if language == "ru" else "volontär")
    sent = bot.emu.messages(user.id)
    assert len(sent) >= 4
    assert {m.message_thread_id for m in sent} == {topic}
    assert _longest(sent) <= MAX_LINES


async def test_a_reply_without_a_thread_lands_in_general(bot: Bot) -> None:
    """The emulator's side of the bargain: what is recorded is what Telegram would do."""
    admin = bot.user(language_code="ru")
    forum = bot.emu.add_forum("Novi Ritm", admins=[admin])
    topic = bot.emu.add_topic(forum)
    await bot.app.bot.send_message(forum.id, "в общий")
    await bot.app.bot.send_message(forum.id, "в тему", message_thread_id=topic)
    assert [m.message_thread_id for m in bot.emu.messages(forum.id)] == [None, topic]
