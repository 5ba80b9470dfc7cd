"""Chat methods (cagbot.devserver.methods_chats): members' statuses as Telegram gives them,
a chat's administrators, and leaving a chat (it is gone for the bot afterwards)."""

from __future__ import annotations

from typing import Any

import httpx

from cagbot.devserver import Emulator


async def _call(http: httpx.AsyncClient, method: str, **params: object) -> dict[str, Any]:
    answer: dict[str, Any] = (await http.post(method, json=params)).json()
    return answer


async def test_members_have_telegrams_statuses(emu: Emulator, http: httpx.AsyncClient) -> None:
    creator, admin, member, outsider = (emu.add_user() for _ in range(4))
    group = emu.add_group("G", admins=[creator, admin], members=[member], supergroup=True)
    statuses = [
        (await _call(http, "getChatMember", chat_id=group.id, user_id=user.id))["result"]
        for user in (creator, admin, member, outsider)
    ]
    assert [s["status"] for s in statuses] == [
        "creator",
        "administrator",
        "member",
        "left",
    ]
    admins = await _call(http, "getChatAdministrators", chat_id=group.id)
    assert [a["user"]["id"] for a in admins["result"]] == [creator.id, admin.id]


async def test_after_leaving_the_chat_is_not_found(emu: Emulator, http: httpx.AsyncClient) -> None:
    user = emu.add_user()
    group = emu.add_group("G")
    assert (await _call(http, "leaveChat", chat_id=group.id))["ok"] is True
    gone = await _call(http, "getChat", chat_id=group.id)
    assert gone["description"] == "Bad Request: chat not found"
    private = await _call(http, "leaveChat", chat_id=user.id)
    assert private["error_code"] == 400
