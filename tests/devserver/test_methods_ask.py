"""createForumTopic: a topic the bot makes in a forum answers a spec ForumTopic, takes sends
with its thread id, and the bot's mistakes (not a forum, bad name) are 400 violations; a
bot without the right gets a 400 that is the deployment's fault, not a violation."""

from __future__ import annotations

import pytest
import telegram
from telegram.error import BadRequest

from cagbot.devserver import Emulator
from tests.helpers.bot_api import bot_api


async def test_a_topic_is_a_spec_forum_topic_and_takes_messages(
    emu: Emulator, bot: telegram.Bot
) -> None:
    forum = emu.add_forum("CAG staff", bot_is_admin=True)
    topic = await bot.create_forum_topic(forum.id, "Aida · ru")
    raw = topic.to_dict()
    spec = bot_api().types["ForumTopic"]
    assert {name for name, f in spec.items() if f.required} <= set(raw)
    assert set(raw) <= set(spec)
    assert emu.topic_names[(forum.id, topic.message_thread_id)] == "Aida · ru"
    sent = await bot.send_message(forum.id, "hello", message_thread_id=topic.message_thread_id)
    assert sent.message_thread_id == topic.message_thread_id
    assert emu.messages(forum.id)[-1].message_thread_id == topic.message_thread_id
    assert emu.violations == []


async def test_the_bots_mistakes_are_violations_and_missing_rights_are_not(
    emu: Emulator, bot: telegram.Bot
) -> None:
    group = emu.add_group("plain", supergroup=True, bot_is_admin=True)
    with pytest.raises(BadRequest, match=r"(?i)not a forum"):
        await bot.create_forum_topic(group.id, "x")
    forum = emu.add_forum("CAG staff", bot_is_admin=True)
    with pytest.raises(BadRequest):
        await bot.create_forum_topic(forum.id, "x" * 129)
    assert [v.method for v in emu.violations] == ["createForumTopic", "createForumTopic"]
    emu.violations.clear()
    no_rights = emu.add_forum("members only")
    with pytest.raises(BadRequest, match=r"(?i)not enough rights"):
        await bot.create_forum_topic(no_rights.id, "x")
    assert emu.violations == []
    with pytest.raises(BadRequest, match=r"(?i)thread not found"):
        await bot.send_message(forum.id, "hello", message_thread_id=999)
