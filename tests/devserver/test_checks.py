"""The checks every method shares (cagbot.devserver.checks): who may be written to, with
which rights, in which topic; a chat named by its @username."""

from __future__ import annotations

from typing import Any

import httpx

from cagbot.devserver import Emulator


async def _send(http: httpx.AsyncClient, chat_id: int | str, **extra: object) -> dict[str, Any]:
    answer: dict[str, Any] = (
        await http.post("sendMessage", json={"chat_id": chat_id, "text": "hi", **extra})
    ).json()
    return answer


async def test_a_user_who_blocked_or_never_started_the_bot_is_forbidden(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    blocked, stranger = emu.add_user(), emu.add_user(started=False)
    emu.faults.block(blocked)
    assert (await _send(http, blocked.id))["description"] == (
        "Forbidden: bot was blocked by the user"
    )
    assert (await _send(http, stranger.id))["description"] == (
        "Forbidden: bot can't initiate conversation with a user"
    )
    assert (await _send(http, 424242))["description"] == "Bad Request: chat not found"


async def test_a_channel_needs_the_bot_to_be_an_admin_who_may_post(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    mute = emu.add_channel("Mute", "mute_news", can_post_messages=False)
    assert (await _send(http, mute.id))["description"] == (
        "Bad Request: need administrator rights in the channel chat"
    )
    emu.add_channel("News", "cag_news")
    sent = await _send(http, "@cag_news")
    assert sent["ok"] is True


async def test_a_message_goes_only_to_a_topic_that_exists(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    forum = emu.add_forum("F")
    topic = emu.add_topic(forum)
    assert (await _send(http, forum.id, message_thread_id=topic))["ok"] is True
    assert (await _send(http, forum.id, message_thread_id=topic + 50))["description"] == (
        "Bad Request: message thread not found"
    )
    assert emu.messages(forum.id)[0].message_thread_id == topic
