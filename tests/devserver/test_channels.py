"""The emulator's channels, forum topics and bot rights, checked against the Bot API spec
(tests/helpers/bot_api.tsv): what a real channel or forum would answer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import telegram
from telegram.error import BadRequest, Forbidden

from cagbot.devserver import Emulator
from tests.helpers.bot_api import bot_api


def _required(type_name: str) -> set[str]:
    return bot_api().required(type_name)


async def _raw(http: httpx.AsyncClient, method: str, **params: Any) -> dict[str, Any]:
    response = await http.post(method, data=params)
    body: dict[str, Any] = response.json()
    return body


async def test_a_channel_takes_posts_only_from_an_admin_who_may_post(
    emu: Emulator, bot: telegram.Bot
) -> None:
    open_channel = emu.add_channel("Open", username="cag_open")
    closed = emu.add_channel("Closed", username="cag_closed", can_post_messages=False)
    sent = await bot.send_message("@cag_open", "hello")
    assert sent.chat.type == "channel"
    assert [m.text for m in emu.messages(open_channel.id)] == ["hello"]
    with pytest.raises(BadRequest, match=r"(?i)need administrator rights"):
        await bot.send_message(closed.id, "hello")
    member = await bot.get_chat_member(closed.id, bot.id)
    assert isinstance(member, telegram.ChatMemberAdministrator)
    assert member.can_post_messages is False
    assert emu.violations == []  # a missing right is the deployment's fault, not the bot's


async def test_forum_topics_and_message_thread_id(emu: Emulator, bot: telegram.Bot) -> None:
    forum = emu.add_forum("Partners", bot_is_admin=True)
    topic = emu.add_topic(forum)
    chat = await bot.get_chat(forum.id)
    assert chat.is_forum is True
    message = await bot.send_message(forum.id, "in the topic", message_thread_id=topic)
    assert message.message_thread_id == topic
    assert emu.messages(forum.id)[-1].message_thread_id == topic
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(forum.id, "nowhere", message_thread_id=topic + 100)
    assert [v.description for v in emu.violations] == ["Bad Request: message thread not found"]
    emu.violations.clear()


async def test_bot_rights_answers_follow_the_spec(
    emu: Emulator, bot: telegram.Bot, http: httpx.AsyncClient
) -> None:
    muted = emu.add_group("Muted", supergroup=True)
    muted.bot_restricted = True
    gone = emu.add_group("Gone", supergroup=True)
    gone.bot_member = False
    channel = emu.add_channel("C", username="cag_c")
    restricted = await _raw(http, "getChatMember", chat_id=muted.id, user_id=bot.id)
    assert restricted["result"]["status"] == "restricted"
    assert _required("ChatMemberRestricted") <= set(restricted["result"])
    admin = await _raw(http, "getChatMember", chat_id=channel.id, user_id=bot.id)
    assert _required("ChatMemberAdministrator") <= set(admin["result"])
    assert admin["result"]["can_post_messages"] is True
    with pytest.raises(BadRequest, match=r"(?i)not enough rights"):
        await bot.send_message(muted.id, "hi")
    with pytest.raises(Forbidden, match=r"(?i)not a member"):
        await bot.send_message(gone.id, "hi")
    left = await bot.get_chat_member(gone.id, bot.id)
    assert left.status == "left"
    assert emu.violations == []


async def test_a_user_writes_in_a_topic(emu: Emulator) -> None:
    admin = emu.add_user()
    forum = emu.add_forum("Partners", admins=[admin])
    topic = emu.add_topic(forum)
    message = emu.send_text(admin, "/here", chat=forum, thread_id=topic)
    assert (message["message_thread_id"], message["is_topic_message"]) == (topic, True)
