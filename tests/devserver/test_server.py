"""The HTTP side (cagbot.devserver.server): Telegram's envelope, parameters coerced by the
method table, unknown ones noted, missing ones refused as Telegram words it."""

from __future__ import annotations

import httpx

from cagbot.devserver import Emulator


async def test_unknown_paths_methods_and_tokens_get_telegrams_errors(emu: Emulator) -> None:
    async with httpx.AsyncClient(base_url=emu.base_url.removesuffix("/bot")) as client:
        assert (await client.get("/nothing")).status_code == 404
        assert (await client.get("/bot1:wrong/getMe")).json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
        assert (await client.get(f"/bot{emu.token}/noSuchMethod")).status_code == 404
        answer = (await client.get(f"/bot{emu.token}/GETME")).json()
        assert answer["ok"] is True
        assert answer["result"]["id"] == emu.bot_id
    assert emu.stats.requests["getMe"] == 1


async def test_parameters_are_coerced_noted_or_refused(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    user = emu.add_user()
    sent = await http.post(
        "sendMessage",
        data={"chat_id": str(user.id), "text": "hi", "disable_notification": "true", "x": "1"},
    )
    assert sent.json()["ok"] is True
    assert emu.notes == ["sendMessage: ignored unknown parameter 'x'"]
    missing = (await http.post("sendMessage", json={"chat_id": user.id})).json()
    assert (missing["error_code"], missing["description"]) == (
        400,
        "Bad Request: message text is empty",
    )
    wrong = (await http.post("sendMessage", json={"chat_id": user.id, "text": "a",
                                                 "reply_markup": "{"})).json()  # fmt: skip
    assert wrong["description"] == "Bad Request: can't parse reply keyboard markup JSON object"
