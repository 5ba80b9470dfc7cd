"""The emulator records disable_notification and protect_content on every message it is
sent (form, JSON and PTB bodies alike), and answers a protected one as Telegram does."""

from __future__ import annotations

import httpx
import telegram

from cagbot.devserver import Emulator


async def test_flags_are_recorded_per_message(
    emu: Emulator, http: httpx.AsyncClient, bot: telegram.Bot
) -> None:
    user = emu.add_user()
    await http.post("sendMessage", data={"chat_id": str(user.id), "text": "plain"})
    await http.post(
        "sendMessage",
        data={"chat_id": str(user.id), "text": "form", "disable_notification": "true"},
    )
    answer = await http.post(
        "sendMessage", json={"chat_id": user.id, "text": "json", "protect_content": True}
    )
    assert answer.json()["result"]["has_protected_content"] is True
    sent = await bot.send_photo(
        user.id,
        "https://example.org/p.jpg",
        caption="photo",
        disable_notification=True,
        protect_content=True,
    )
    assert sent.has_protected_content
    flags = [(m.text, m.disable_notification, m.protect_content) for m in emu.messages(user.id)]
    assert flags == [
        ("plain", False, False),
        ("form", True, False),
        ("json", False, True),
        ("photo", True, True),
    ]
    assert emu.violations == []
