"""The webhook server in-process: the real Application behind it, the emulator as Telegram."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import TypeHandler

from cagbot.bot.app import build_application
from cagbot.bot.context import BotApp
from cagbot.devserver import Emulator, SimUser
from cagbot.settings import Settings
from cagbot.webhook import HEALTH_PATH, MAX_BODY, SECRET_HEADER, WebhookServer, _stop_within
from tests.ops.conftest import SECRET, TOKEN, WEBHOOK_URL

# Before every feature's group (the flood gate is -10): one handler per group runs.
FIRST_GROUP = -1000


@dataclass
class Served:
    emu: Emulator
    app: BotApp
    server: WebhookServer
    http: aiohttp.ClientSession

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}{self.server.path}"

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}{HEALTH_PATH}"

    def update(self, user: SimUser, text: str) -> dict[str, Any]:
        """An update as Telegram would post it (the emulator's queue is not used)."""
        message = self.emu.send_text(user, text)
        self.emu._updates.clear()  # delivered by webhook here, not by getUpdates
        return {"update_id": message["message_id"] + 1000 * user.id, "message": message}

    async def post(
        self, body: bytes | str | dict[str, Any], secret: str | None = SECRET
    ) -> tuple[int, str]:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        data = json.dumps(body) if isinstance(body, dict) else body
        async with self.http.post(self.url, data=data, headers=headers) as response:
            return response.status, await response.text()

    async def health(self) -> tuple[int, dict[str, Any]]:
        async with self.http.get(self.health_url) as response:
            return response.status, await response.json()


@pytest.fixture
async def served(tmp_path: Path, emu: Emulator) -> AsyncIterator[Served]:
    settings = Settings(  # type: ignore[call-arg]
        token=SecretStr(TOKEN),
        api_base_url=emu.base_url,
        database=tmp_path / "cagbot.db",
        webhook_url=WEBHOOK_URL,
        webhook_secret=SecretStr(SECRET),
        _env_file=None,
    )
    app = build_application(settings)
    server = WebhookServer(app, secret=SECRET, path=settings.webhook_path)
    await app.initialize()
    await app.start()
    await server.start("127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as http:
            yield Served(emu, app, server, http)
    finally:
        await server.close()
        if app.running:
            await app.stop()
        await app.shutdown()
    assert emu.violations == []


async def test_update_with_the_secret_is_answered(served: Served) -> None:
    user = served.emu.add_user(language_code="en")
    status, _ = await served.post(served.update(user, "/start"))
    assert status == 200
    reply = await served.emu.next_message(user.id)
    assert reply.text


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET[:-1]])
async def test_wrong_or_missing_secret_is_refused_and_not_processed(
    served: Served, secret: str | None
) -> None:
    intruder = served.emu.add_user(language_code="en")
    status, _ = await served.post(served.update(intruder, "/start"), secret=secret)
    assert status == 403
    # A good update from someone else is processed; the refused one never was.
    user = served.emu.add_user(language_code="en")
    assert (await served.post(served.update(user, "/help")))[0] == 200
    await served.emu.next_message(user.id)
    assert served.emu.messages(intruder.id) == []
    assert served.server.accepted == 1


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe\x00",
        b"",
        b"[1, 2]",
        b'{"message": {}}',
        b'{"update_id": "7"}',
        b'{"update_id": true}',
        b'{"update_id": 5, "message": {"message_id": "x"}}',
    ],
)
async def test_bodies_that_are_not_updates_get_400(served: Served, body: bytes) -> None:
    status, _ = await served.post(body)
    assert status == 400
    assert served.app.update_queue.qsize() == 0
    assert served.server.accepted == 0


async def test_bodies_over_a_megabyte_get_413(served: Served) -> None:
    padding = "x" * MAX_BODY
    status, _ = await served.post({"update_id": 1, "padding": padding})
    assert status == 413
    assert served.server.accepted == 0


async def test_only_post_is_served_on_the_webhook_path(served: Served) -> None:
    async with served.http.get(served.url) as response:
        assert response.status == 405


async def test_health_reports_the_database_and_the_last_update(served: Served) -> None:
    status, report = await served.health()
    assert status == 200
    assert report["status"] == "ok"
    assert report["db"] == "ok"
    assert report["update_queue"] == 0
    assert report["last_update_age"] is None
    user = served.emu.add_user()
    await served.post(served.update(user, "/start"))
    await served.emu.next_message(user.id)
    status, report = await served.health()
    assert status == 200
    assert isinstance(report["last_update_age"], float)
    assert report["updates_accepted"] == 1


async def test_health_is_503_when_the_database_does_not_answer(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken() -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(served.app.bot_data.store.db, "user_version", broken)
    status, report = await served.health()
    assert status == 503
    assert report["db"] == "error"
    assert report["status"] == "error"


async def test_stopping_server_refuses_updates_with_503(served: Served) -> None:
    served.server.accepting = False
    user = served.emu.add_user()
    status, _ = await served.post(served.update(user, "/start"))
    assert status == 503  # Telegram retries later, against the next process
    status, report = await served.health()
    assert status == 503
    assert report["status"] == "stopping"
    assert served.app.update_queue.qsize() == 0


async def test_stop_lets_a_running_handler_finish(served: Served) -> None:
    started, finished, release = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def slow(update: object, context: object) -> None:
        started.set()
        await release.wait()
        finished.set()

    served.app.add_handler(TypeHandler(Update, slow), group=FIRST_GROUP)
    user = served.emu.add_user()
    await served.post(served.update(user, "/start"))
    await asyncio.wait_for(started.wait(), 30)
    await served.server.close()
    stopping = asyncio.create_task(_stop_within(served.app, 60.0))
    await asyncio.sleep(0)
    assert not stopping.done()
    release.set()
    await stopping
    assert finished.is_set()
    assert not served.app.running


async def test_stop_cancels_a_handler_that_outlives_the_bound(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    cancelled = asyncio.Event()
    started = asyncio.Event()

    async def stuck(update: object, context: object) -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    served.app.add_handler(TypeHandler(Update, stuck), group=FIRST_GROUP)
    user = served.emu.add_user()
    await served.post(served.update(user, "/start"))
    await asyncio.wait_for(started.wait(), 30)
    with caplog.at_level(logging.WARNING, logger="cagbot.webhook"):
        await _stop_within(served.app, 0.2)
    assert cancelled.is_set()
    assert not served.app.running
    # Cancelled by the update processor that tracks handler tasks (not by chance, when the
    # stop itself is cancelled later).
    assert "cancelled 1 " in caplog.text
