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
from cagbot.lifecycle import stop_within
from cagbot.settings import Settings
from cagbot.webhook import HEALTH_PATH, MAX_BODY, SECRET_HEADER, WebhookServer
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
        b'{"update_id": ' + b"9" * 5000 + b"}",  # beyond Python's int conversion limit
        b'{"update_id": 5, "message": {"message_id": 1, "date": 1, "text": "hi", '
        b'"chat": {"type": "private", "id": ' + b"7" * 40 + b"}}}",  # beyond 64 bits
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
    stopping = asyncio.create_task(stop_within(served.app, 60.0))
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
        await stop_within(served.app, 0.2)
    assert cancelled.is_set()
    assert not served.app.running
    # Cancelled by the update processor that tracks handler tasks (not by chance, when the
    # stop itself is cancelled later).
    assert "cancelled 1 " in caplog.text


# -- hostile and broken clients -------------------------------------------------------------


@pytest.fixture
async def guarded(served: Served) -> AsyncIterator[WebhookServer]:
    """A second server on the same application with a small cap and short timeouts."""
    server = WebhookServer(
        served.app,
        secret=SECRET,
        path=served.server.path,
        max_connections=8,
        first_request_timeout=1.0,
        body_timeout=1.0,
    )
    await server.start("127.0.0.1", 0)
    try:
        yield server
    finally:
        await server.close()


async def _raw(port: int, data: bytes = b"") -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    if data:
        writer.write(data)
        await writer.drain()
    return reader, writer


async def test_a_repeated_update_id_is_handled_once(served: Served) -> None:
    user = served.emu.add_user(language_code="en")
    update = served.update(user, "/start")
    assert (await served.post(update))[0] == 200
    assert (await served.post(update))[0] == 200  # Telegram must stop re-posting it
    await served.emu.next_message(user.id)
    assert (await served.post(served.update(user, "/help")))[0] == 200
    await served.emu.next_message(user.id)
    assert len(served.emu.messages(user.id)) == 2  # /start answered once, then /help
    assert (served.server.accepted, served.server.duplicates) == (2, 1)


@pytest.mark.parametrize("depth", [40, 100_000])
async def test_deeply_nested_json_gets_400_not_500(served: Served, depth: int) -> None:
    body = '{"update_id": 1, "message": ' + "[" * depth + "]" * depth + "}"
    status, _ = await served.post(body)
    assert status == 400
    assert served.app.update_queue.qsize() == 0


async def test_garbage_is_one_warning_per_cause_and_never_an_error(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    garbage = [
        b"GARBAGE\r\n\r\n",
        b"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",  # a TLS hello on a plain port
        b"GET /healthz HTTP/1.1\r\nBad Header Line\r\n\r\n",
    ]
    with caplog.at_level(logging.DEBUG):
        for _ in range(5):
            for data in garbage:
                reader, writer = await _raw(served.server.port, data)
                await reader.read()  # the server answers 400 or hangs up
                writer.close()
            for body in (b"not json", b"[1]", b'{"update_id": 1, "message": ' + b"[" * 50):
                assert (await served.post(body))[0] == 400
            assert (await served.post({"update_id": 1}, secret="wrong"))[0] == 403
        status, _ = await served.health()
    assert status == 200
    records = [r for r in caplog.records if r.name.startswith(("cagbot", "aiohttp"))]
    # (aiohttp says a few at DEBUG, with the exception; DEBUG is for developers.)
    assert not [r for r in records if r.levelno >= logging.INFO and (r.exc_info or r.exc_text)]
    assert not [r for r in records if r.levelno >= logging.ERROR]
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert len(warnings) == len(set(warnings))  # each cause said once in the interval
    assert any("bad HTTP request" in w for w in warnings)
    assert any("wrong or missing secret token" in w for w in warnings)
    assert any("body is not JSON" in w for w in warnings)
    assert served.server.garbage.counts["wrong or missing secret token"] == 5


async def test_half_open_connections_do_not_starve_health_or_telegram(
    served: Served, guarded: WebhookServer
) -> None:
    # Three times the cap of connections that connect and say nothing (or half a header).
    idle = [await _raw(guarded.port, b"POST /tele" if i % 2 else b"") for i in range(24)]
    assert guarded.gate is not None
    assert guarded.gate.open_connections <= 8
    async with served.http.get(f"http://127.0.0.1:{guarded.port}{HEALTH_PATH}") as response:
        assert response.status == 200
    user = served.emu.add_user(language_code="en")
    url = f"http://127.0.0.1:{guarded.port}{guarded.path}"
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    async with served.http.post(url, json=served.update(user, "/start"), headers=headers) as r:
        assert r.status == 200
    assert (await served.emu.next_message(user.id)).text
    assert guarded.gate.evicted >= 16
    for _, writer in idle:
        writer.close()


async def test_a_slow_header_or_body_is_cut_off(served: Served, guarded: WebhookServer) -> None:
    # Headers a byte at a time: closed once the first request is not complete in time.
    reader, writer = await _raw(guarded.port, b"P")
    started = asyncio.get_running_loop().time()
    for char in b"OST /telegram HTTP/1.1\r\n":
        if writer.is_closing() or reader.at_eof():
            break
        writer.write(bytes([char]))
        await asyncio.sleep(0.1)  # the slow client's pace, not synchronisation
    assert await asyncio.wait_for(reader.read(), 10) == b""  # hung up, no answer
    assert asyncio.get_running_loop().time() - started < 5
    writer.close()
    # A body that never completes: 408 once the body timeout passes.
    head = (
        f"POST {guarded.path} HTTP/1.1\r\nHost: x\r\n{SECRET_HEADER}: {SECRET}\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
    ).encode()
    reader, writer = await _raw(guarded.port, head)
    answer = await asyncio.wait_for(reader.readline(), 10)
    assert answer.startswith(b"HTTP/1.1 408")
    writer.close()


def _remove(path: Path, *, replace: bool) -> None:
    path.unlink()
    if replace:
        sqlite3.connect(path).close()  # a new, empty database under the same name


@pytest.mark.parametrize("how", ["deleted", "replaced"])
async def test_health_is_503_when_the_database_file_is_gone(served: Served, how: str) -> None:
    _remove(Path(str(served.app.bot_data.store.db.path)), replace=how == "replaced")
    status, report = await served.health()
    assert status == 503
    assert report["db"] == ("file missing" if how == "deleted" else "file replaced")
