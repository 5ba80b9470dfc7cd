"""Update methods (cagbot.devserver.methods_updates): getUpdates confirms by offset, leaves
out the update types Telegram sends only on request, and refuses while a webhook is set."""

from __future__ import annotations

from typing import Any

import httpx

from cagbot.devserver import Emulator


async def _call(http: httpx.AsyncClient, method: str, **params: object) -> dict[str, Any]:
    answer: dict[str, Any] = (await http.post(method, json=params)).json()
    return answer


async def test_an_offset_confirms_the_updates_before_it(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    ids = [emu.inject({"message": {"text": str(n)}}) for n in range(3)]
    first = await _call(http, "getUpdates", limit=2)
    assert [u["update_id"] for u in first["result"]] == ids[:2]
    rest = await _call(http, "getUpdates", offset=ids[2])
    assert [u["update_id"] for u in rest["result"]] == ids[2:]
    assert emu.pending_updates() == 1


async def test_opt_in_update_types_come_only_when_asked(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    emu.inject({"chat_member": {"x": 1}})
    emu.inject({"message": {"text": "hi"}})
    plain = await _call(http, "getUpdates")
    assert [next(k for k in u if k != "update_id") for u in plain["result"]] == ["message"]


async def test_a_webhook_stops_polling_until_deleted(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    refused = await _call(http, "setWebhook", url="http://insecure.example")
    assert refused["error_code"] == 400
    assert (await _call(http, "setWebhook", url="https://bot.example/hook"))["ok"] is True
    assert (await _call(http, "getUpdates"))["error_code"] == 409
    info = await _call(http, "getWebhookInfo")
    assert info["result"]["url"] == "https://bot.example/hook"
    await _call(http, "deleteWebhook")
    assert (await _call(http, "getUpdates"))["ok"] is True
