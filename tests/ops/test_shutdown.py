"""SIGTERM against ``python -m cagbot run`` (polling and webhook): exit 0, logs say "stopped",
the database is intact and was closed cleanly, and JSON logs carry no token."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path

import aiohttp

from cagbot.devserver import Emulator
from cagbot.store import Store
from cagbot.webhook import HEALTH_PATH, SECRET_HEADER
from tests.ops.conftest import (
    SECRET,
    START_TIMEOUT,
    TOKEN,
    WEBHOOK_URL,
    BotProcess,
    DripServer,
    free_port,
    integrity,
    start_bot,
    start_webhook_bot,
)


def assert_stopped_cleanly(bot: BotProcess, code: int, database: Path) -> None:
    assert code == 0, bot.log
    assert "cagbot stopped" in bot.log
    assert "Traceback" not in bot.log
    assert integrity(database) == "ok"
    # SQLite folds the WAL back and deletes it when the last connection closes: proof
    # that post_shutdown ran to its end and closed the store.
    assert not Path(f"{database}-wal").exists(), bot.log


async def test_sigterm_stops_polling_bot_cleanly(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    bot = await start_bot(tmp_path, emu, CAGBOT_LOG_FORMAT="json")
    processes.append(bot)
    user = emu.add_user(language_code="ru")
    emu.send_text(user, "/start")
    reply = await bot.until(emu.next_message(user.id, timeout=START_TIMEOUT))
    assert reply.text
    code = await bot.terminate()
    assert_stopped_cleanly(bot, code, tmp_path / "cagbot.db")
    assert emu.violations == []


async def test_json_logs_of_a_real_run_parse_and_hide_the_token(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    bot = await start_bot(tmp_path, emu, CAGBOT_LOG_FORMAT="json", CAGBOT_LOG_LEVEL="DEBUG")
    processes.append(bot)
    user = emu.add_user(language_code="en")
    emu.send_text(user, "/start")
    await bot.until(emu.next_message(user.id, timeout=START_TIMEOUT))
    assert await bot.terminate() == 0
    entries = [json.loads(line) for line in bot.log.splitlines() if line.strip()]
    assert len(entries) > 5  # DEBUG: PTB and httpx have plenty to say
    assert all({"ts", "level", "logger", "message"} <= entry.keys() for entry in entries)
    assert any(entry["message"] == "cagbot stopped" for entry in entries)
    assert TOKEN not in bot.log
    assert TOKEN.split(":")[1] not in bot.log


async def test_sigterm_stops_webhook_bot_cleanly(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    port = free_port()
    bot = await start_webhook_bot(tmp_path, emu, processes, port, "PORT")
    assert emu.webhook_url == WEBHOOK_URL
    user = emu.add_user(language_code="sv")
    message = emu.send_text(user, "/start")
    emu._updates.clear()  # Telegram pushes to the webhook instead of queueing for getUpdates
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"http://127.0.0.1:{port}/telegram",
            json={"update_id": 1, "message": message},
            headers={SECRET_HEADER: SECRET},
        ) as response:
            assert response.status == 200
        await bot.until(emu.next_message(user.id, timeout=START_TIMEOUT))
        async with http.get(f"http://127.0.0.1:{port}{HEALTH_PATH}") as response:
            assert response.status == 200
            assert (await response.json())["db"] == "ok"
    code = await bot.terminate()
    assert_stopped_cleanly(bot, code, tmp_path / "cagbot.db")
    assert emu.webhook_url == WEBHOOK_URL  # left registered: Telegram queues while we restart
    assert emu.violations == []


async def test_run_webhook_without_url_is_a_usage_error(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    bot = await start_bot(tmp_path, emu, "--webhook")
    processes.append(bot)
    assert await bot.process.wait() == 2
    assert "CAGBOT_WEBHOOK_URL is not set" in bot.log


async def stop_mid_delivery_then_restart(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> tuple[list[int], dict[str, int]]:
    """40 queued deliveries, SIGTERM while they are in flight, a second run to finish.
    Returns how many messages each recipient got, and the outbox statuses at the end."""
    database = tmp_path / "cagbot.db"
    users = [emu.add_user() for _ in range(40)]
    store = await Store.open(database)
    try:
        queued = await store.outbox.enqueue(
            [user.id for user in users], "Staff notice", kind="staff", parse_mode=None
        )
    finally:
        await store.close()
    assert queued == len(users)
    # Slow sends, so that SIGTERM lands while deliveries are in flight.
    emu.faults.delay("sendMessage", 0.5)
    bot = await start_bot(tmp_path, emu)
    processes.append(bot)
    await bot.until(emu.wait_for(lambda: emu.stats.requests["sendMessage"] > 0, START_TIMEOUT))
    assert_stopped_cleanly(bot, await bot.terminate(), database)

    # The next run delivers whatever the first left.
    emu.faults.clear()
    again = await start_bot(tmp_path, emu, CAGBOT_LOG_FORMAT="json")
    processes.append(again)
    await again.until(
        emu.wait_for(lambda: all(emu.messages(user.id) for user in users), START_TIMEOUT)
    )
    assert_stopped_cleanly(again, await again.terminate(), database)
    connection = sqlite3.connect(database)
    try:
        statuses = dict(connection.execute("SELECT status, count(*) FROM outbox GROUP BY status"))
    finally:
        connection.close()
    assert emu.violations == []
    return [len(emu.messages(user.id)) for user in users], statuses


async def test_sigterm_with_deliveries_in_flight_loses_none(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    received, statuses = await stop_mid_delivery_then_restart(tmp_path, emu, processes)
    assert min(received) >= 1
    assert statuses == {"sent": len(received)}


async def test_sigterm_lets_in_flight_deliveries_finish_without_duplicates(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    received, _ = await stop_mid_delivery_then_restart(tmp_path, emu, processes)
    assert max(received) == 1


async def test_sigterm_stops_the_bot_while_a_feed_drips(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    """A fetch in progress (a server sending a byte a second: no read ever times out) does
    not hold up SIGTERM: the poll is cancelled, the bot stops within its shutdown timeout."""
    async with DripServer(every=1.0) as drip:
        bot = await start_bot(tmp_path, emu, CAGBOT_FEEDS=drip.url, CAGBOT_SHUTDOWN_TIMEOUT="10")
        processes.append(bot)
        await bot.until(asyncio.wait_for(drip.connected.wait(), START_TIMEOUT))
        started = time.monotonic()
        code = await bot.terminate()
        assert time.monotonic() - started < 10.0, bot.log
    assert_stopped_cleanly(bot, code, tmp_path / "cagbot.db")


async def test_sigterm_stops_polling_within_the_shutdown_timeout_despite_a_slow_handler(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    """A handler whose reply Telegram is slow to take (60 s here; the client gives up only
    after its 15 s read timeout) is cancelled once CAGBOT_SHUTDOWN_TIMEOUT has passed."""
    bot = await start_bot(tmp_path, emu, CAGBOT_SHUTDOWN_TIMEOUT="2")
    processes.append(bot)
    user = emu.add_user(language_code="en")
    emu.send_text(user, "/start")
    await bot.until(emu.next_message(user.id, timeout=START_TIMEOUT))  # up and answering
    emu.faults.delay("sendMessage", 60)
    emu.send_text(user, "/help")
    await bot.until(emu.wait_for(lambda: emu.stats.requests["sendMessage"] >= 2, START_TIMEOUT))
    started = time.monotonic()
    code = await bot.terminate()
    assert time.monotonic() - started < 12.0, bot.log  # 2 s, not the handler's 15 s or more
    assert "cancelled 1 " in bot.log
    assert_stopped_cleanly(bot, code, tmp_path / "cagbot.db")
