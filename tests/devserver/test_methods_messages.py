"""Message methods (cagbot.devserver.methods_messages): edits that change nothing are
refused, a message is deleted once, callback queries are answered once."""

from __future__ import annotations

from typing import Any

import httpx

from cagbot.devserver import BotMessage, Emulator


async def _call(http: httpx.AsyncClient, method: str, **params: object) -> dict[str, Any]:
    answer: dict[str, Any] = (await http.post(method, json=params)).json()
    return answer


async def test_an_edit_must_change_something(emu: Emulator, http: httpx.AsyncClient) -> None:
    user = emu.add_user()
    sent = await _call(http, "sendMessage", chat_id=user.id, text="one")
    message_id = sent["result"]["message_id"]
    same = await _call(http, "editMessageText", chat_id=user.id, message_id=message_id, text="one")
    assert str(same["description"]).startswith("Bad Request: message is not modified")
    await _call(http, "editMessageText", chat_id=user.id, message_id=message_id, text="two")
    edited = emu.message(user.id, message_id)
    assert edited is not None
    assert (edited.text, edited.edits) == ("two", 1)


async def test_a_message_is_deleted_once(emu: Emulator, http: httpx.AsyncClient) -> None:
    user = emu.add_user()
    sent = await _call(http, "sendMessage", chat_id=user.id, text="bye")
    message_id = sent["result"]["message_id"]
    assert (await _call(http, "deleteMessage", chat_id=user.id, message_id=message_id))["ok"]
    again = await _call(http, "deleteMessage", chat_id=user.id, message_id=message_id)
    assert again["description"] == "Bad Request: message to delete not found"
    assert emu.messages(user.id) == []


async def test_a_callback_query_is_answered_once(emu: Emulator, http: httpx.AsyncClient) -> None:
    user = emu.add_user()
    shown = BotMessage(1, user.id, "x", reply_markup={
        "inline_keyboard": [[{"text": "A", "callback_data": "a"}]]
    })  # fmt: skip
    query_id = emu.press(user, shown, "a")
    assert (await _call(http, "answerCallbackQuery", callback_query_id=query_id, text="ok"))["ok"]
    again = await _call(http, "answerCallbackQuery", callback_query_id=query_id)
    assert str(again["description"]).startswith("Bad Request: query is too old")
    assert emu.callback_answers[query_id]["text"] == "ok"
