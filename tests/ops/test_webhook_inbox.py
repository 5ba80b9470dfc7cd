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
from tests.ops.conftest import (
    SECRET,
    START_TIMEOUT,
    TOKEN,
    WEBHOOK_URL,
    BotProcess,
    free_port,
    start_webhook_bot,
)


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


async def test_a_webhook_process_killed_9_after_its_200s_loses_no_update(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    # The real process, not an application in the test: `cagbot run --webhook` answers 200
    # to each update, is killed -9 while every reply hangs in "Telegram", and the next
    # process answers each person once.
    port = free_port()
    await start_webhook_bot(tmp_path, emu, processes, port)
    users = [emu.add_user(language_code=code) for code in ("ru", "sv", "en", "ru", "ky")]
    updates = [
        {"update_id": 900 + n, "message": emu.send_text(user, "/start")}
        for n, user in enumerate(users)
    ]
    emu._updates.clear()  # Telegram hands them to the webhook, not to getUpdates
    emu.faults.delay("sendMessage", 600.0)  # every reply hangs: nothing is handled to the end
    url = f"http://127.0.0.1:{port}/telegram"
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as http:
        for update in updates:
            async with http.post(url, data=json.dumps(update), headers=headers) as response:
                assert response.status == 200
    await emu.wait_for(lambda: emu.stats.requests["sendMessage"] >= 1, timeout=START_TIMEOUT)
    first = processes[0]
    first.process.kill()
    assert await first.process.wait() == -9
    assert all(emu.messages(user.id) == [] for user in users)

    emu.faults.delay("sendMessage", 0)
    await start_webhook_bot(tmp_path, emu, processes, free_port())
    for user in users:
        reply = await processes[1].until(emu.next_message(user.id, timeout=START_TIMEOUT))
        assert reply.text
    assert emu.violations == []
