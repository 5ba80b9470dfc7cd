"""Profile methods (cagbot.devserver.methods_profile): who the bot is, command lists kept
per scope and language, the menu button with its default."""

from __future__ import annotations

from typing import Any

import httpx

from cagbot.devserver import Emulator
from cagbot.devserver.methods_profile import scope_key


async def _call(http: httpx.AsyncClient, method: str, **params: object) -> dict[str, Any]:
    answer: dict[str, Any] = (await http.post(method, json=params)).json()
    return answer


def test_the_default_scope_is_the_same_key_however_written() -> None:
    assert scope_key(None) == scope_key({"type": "default"})
    assert scope_key({"type": "chat", "chat_id": 1}) != scope_key({"type": "chat", "chat_id": 2})


async def test_commands_are_kept_per_scope_and_language(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    ru = [{"command": "start", "description": "Начать"}]
    await _call(http, "setMyCommands", commands=ru, language_code="ru")
    assert emu.commands(language_code="ru") == ru
    assert emu.commands() == []
    assert (await _call(http, "getMyCommands", language_code="ru"))["result"] == ru
    await _call(http, "deleteMyCommands", language_code="ru")
    assert emu.commands(language_code="ru") == []


async def test_the_menu_button_falls_back_to_the_default(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    me = (await _call(http, "getMe"))["result"]
    assert me["supports_inline_queries"] is True
    assert (await _call(http, "getChatMenuButton", chat_id=5))["result"] == {"type": "default"}
    await _call(http, "setChatMenuButton", menu_button={"type": "commands"})
    assert (await _call(http, "getChatMenuButton", chat_id=5))["result"] == {"type": "commands"}
