"""Webhook updates survive a crash after the 200: each is stored before it is answered and
deleted once handled; a process killed in between leaves it to the next one, which handles
it at its start (Telegram never posts an answered update again)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
from pydantic import SecretStr

from cagbot.bot.app import CagbotApplication, build_application
from cagbot.devserver import Emulator
from cagbot.settings import Settings
from cagbot.webhook import SECRET_HEADER, WebhookServer
from tests.ops.conftest import SECRET, TOKEN, WEBHOOK_URL


def _settings(emu: Emulator, database: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        token=SecretStr(TOKEN),
        api_base_url=emu.base_url,
        database=database,
        webhook_url=WEBHOOK_URL,
        webhook_secret=SecretStr(SECRET),
        _env_file=None,
    )


async def test_updates_answered_200_before_a_crash_are_handled_after_the_restart(
    tmp_path: Path, emu: Emulator
) -> None:
    settings = _settings(emu, tmp_path / "cagbot.db")
    users = [emu.add_user(language_code="en") for _ in range(3)]
    updates = []
    for n, user in enumerate(users):
        message = emu.send_text(user, "/start")
        updates.append({"update_id": 500 + n, "message": message})
    emu._updates.clear()  # delivered by webhook here

    # The first process accepts them and "dies" before handling any: its application
    # never consumes the queue (as if killed -9 right after the 200s).
    first = build_application(settings)
    server = WebhookServer(first, secret=SECRET, path=settings.webhook_path)
    await first.initialize()
    await server.start("127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.port}{server.path}"
    async with aiohttp.ClientSession() as http:
        for update in updates:
            headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
            async with http.post(url, data=json.dumps(update), headers=headers) as response:
                assert response.status == 200
    await server.close()
    await first.shutdown()
    assert all(emu.messages(user.id) == [] for user in users)

    second = build_application(settings)
    assert isinstance(second, CagbotApplication)
    restarted = WebhookServer(second, secret=SECRET, path=settings.webhook_path)
    await second.initialize()
    await second.start()
    try:
        second.on_handled = restarted.handled
        assert await restarted.replay() == 3
        for user in users:
            assert (await emu.next_message(user.id)).text
        await second.update_queue.join()
        services = second.bot_data
        for _ in range(100):  # the last handler's mark follows its reply
            if not await services.store.inbox.unhandled():
                break
            await asyncio.sleep(0.05)
        assert await services.store.inbox.unhandled() == []
    finally:
        await second.stop()
        await second.shutdown()
    assert emu.violations == []
