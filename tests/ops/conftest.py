"""Operations tests: the bot as a process (signals, kill -9), its webhook server, logs, backups.

Subprocess tests run ``python -m cagbot`` against a loopback emulator in the test process,
each on its own database in tmp_path, with a clean environment (no CAGBOT_* or PORT leaking
in from the developer's shell, no .env: the working directory is tmp_path).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import aiohttp
import pytest

from cagbot.devserver import Emulator, FloodLimits

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_test_token_ops"
SECRET = "s3cret_webhook-token"
WEBHOOK_URL = "https://bot.example.org/telegram"
# Start-up imports PTB, opens the store and builds the search index: generous on 2 busy cores.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0

T = TypeVar("T")


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emulator:
        yield emulator


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**values: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CAGBOT_") and key != "PORT"
    }
    env.update(values)
    return env


async def run_to_exit(
    args: Sequence[str], *, cwd: Path, env: dict[str, str], within: float, wrap: Sequence[str] = ()
) -> tuple[int, str]:
    """``python -m cagbot ARGS`` (optionally under ``wrap``) run to its end: exit code and
    output; a process still running after ``within`` seconds is killed and fails the test."""
    process = await asyncio.create_subprocess_exec(
        *wrap,
        sys.executable,
        "-m",
        "cagbot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), within)
    except TimeoutError:
        process.kill()
        output, _ = await process.communicate()
        raise AssertionError(
            f"cagbot {' '.join(args)} still running after {within} s:\n{output.decode()}"
        ) from None
    assert process.returncode is not None
    return process.returncode, output.decode(errors="replace")


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


@dataclass
class BotProcess:
    """``python -m cagbot run ...`` with its log in a file (no pipe to fill up)."""

    process: asyncio.subprocess.Process
    log_path: Path

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def until(self, waiting: Awaitable[T]) -> T:
        """Await ``waiting`` (e.g. the bot's first reply), failing at once if the bot exits."""
        wanted = asyncio.ensure_future(waiting)
        exited = asyncio.ensure_future(self.process.wait())
        try:
            await asyncio.wait({wanted, exited}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            exited.cancel()
        if not wanted.done():
            wanted.cancel()
            raise AssertionError(f"the bot exited with {self.process.returncode}:\n{self.log}")
        return wanted.result()

    async def terminate(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT)


async def start_bot(tmp_path: Path, emu: Emulator, *args: str, **env: str) -> BotProcess:
    log_path = tmp_path / "bot.log"
    values = {
        "CAGBOT_TOKEN": TOKEN,
        "CAGBOT_API_BASE_URL": emu.base_url,
        "CAGBOT_DATABASE": str(tmp_path / "cagbot.db"),
        **env,
    }
    with log_path.open("wb") as log_file:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "cagbot",
            "run",
            *args,
            cwd=tmp_path,
            env=clean_env(**values),
            stdout=log_file,
            stderr=asyncio.subprocess.STDOUT,
        )
    return BotProcess(process, log_path)


async def start_webhook_bot(
    tmp_path: Path,
    emu: Emulator,
    processes: list[BotProcess],
    port: int,
    port_variable: str = "CAGBOT_PORT",
) -> BotProcess:
    """``cagbot run --webhook`` on ``port``, given in ``port_variable`` (hosts such as
    Heroku set ``PORT``); returns once Telegram (the emulator) has its webhook."""
    bot = await start_bot(
        tmp_path,
        emu,
        "--webhook",
        CAGBOT_WEBHOOK_URL=WEBHOOK_URL,
        CAGBOT_WEBHOOK_SECRET=SECRET,
        CAGBOT_LISTEN="127.0.0.1",
        **{port_variable: str(port)},
    )
    processes.append(bot)
    await bot.until(emu.wait_for(lambda: emu.webhook_url, timeout=START_TIMEOUT))
    return bot


@pytest.fixture
async def processes() -> AsyncIterator[list[BotProcess]]:
    """Processes a test started; killed at teardown if the test left one running."""
    started: list[BotProcess] = []
    yield started
    for bot in started:
        if bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()


class DripServer:
    """A loopback HTTP server that answers 200 and then sends one byte every ``every``
    seconds, forever: each read succeeds, so only a total deadline ends the fetch."""

    def __init__(self, every: float = 1.0) -> None:
        self.every = every
        self.connected = asyncio.Event()
        self.all_closed = asyncio.Event()
        self.open_connections = 0
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()
        self.url = ""

    async def __aenter__(self) -> DripServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/feed.xml"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in self._handlers:
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.open_connections += 1
        self.connected.set()
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                b"Content-Length: 1000000\r\n\r\n<"
            )
            while True:
                await writer.drain()
                try:
                    # Waiting for the client's EOF doubles as the pause between two bytes.
                    if not await asyncio.wait_for(reader.read(1), self.every):
                        break  # the client hung up
                except TimeoutError:
                    writer.write(b" ")
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.open_connections -= 1
            self._handlers.discard(task)
            writer.close()
            if not self.open_connections:
                self.all_closed.set()


async def health(database: Path, cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cagbot",
        "health",
        cwd=cwd,
        env=clean_env(CAGBOT_DATABASE=str(database)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), START_TIMEOUT)
    assert process.returncode is not None
    return process.returncode, (out + err).decode().strip()


async def scrape(port: int) -> str:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}/metrics") as response,
    ):
        assert response.status == 200
        assert "aiohttp" not in response.headers.get("Server", "")
        return await response.text()


def sample(text: str, name: str) -> float:
    """The value of one sample line (``name`` with its labels) of an exposition."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not exposed")


async def until(condition: Callable[[], Awaitable[bool]], bot: BotProcess) -> None:
    for _ in range(int(START_TIMEOUT * 4)):
        if await condition():
            return
        if bot.process.returncode is not None:
            raise AssertionError(f"the bot exited:\n{bot.log}")
        await asyncio.sleep(0.25)
    raise AssertionError(f"condition not met within {START_TIMEOUT} s:\n{bot.log}")


async def healthy(database: Path, cwd: Path) -> bool:
    if not await asyncio.to_thread(database.exists):
        return False
    return (await health(database, cwd))[0] == 0
