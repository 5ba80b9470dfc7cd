"""``cagbot health`` against real ``python -m cagbot run`` processes (polling and webhook)."""

from __future__ import annotations

from pathlib import Path

from cagbot.devserver import Emulator
from cagbot.store import Store
from tests.ops.conftest import (
    START_TIMEOUT,
    BotProcess,
    free_port,
    health,
    healthy,
    sample,
    scrape,
    start_bot,
    start_webhook_bot,
    until,
)


async def test_polling_bot_is_healthy_while_it_runs_and_not_once_stopped(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    database = tmp_path / "cagbot.db"
    assert await health(database, tmp_path) == (
        1,
        f"database {database} does not exist (is CAGBOT_DATABASE right?)",
    )
    bot = await start_bot(tmp_path, emu)
    processes.append(bot)
    user = emu.add_user(language_code="ru")
    emu.send_text(user, "/start")
    await bot.until(emu.next_message(user.id, timeout=START_TIMEOUT))
    code, line = await health(database, tmp_path)
    assert code == 0, line
    # Healthy from the first reply on: the heartbeat's first beat says "starting", and the
    # background start (at most about 1 s after the first update) may already have beaten
    # "polling"; the JobQueue's beats follow every 10 s.
    assert line.startswith(("ok: starting bot (pid ", "ok: polling bot (pid ")), line
    assert await bot.terminate() == 0
    code, line = await health(database, tmp_path)
    assert code == 1
    assert "stopped at" in line
    assert len(line.splitlines()) == 1


async def test_webhook_bot_ishealthy(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    bot = await start_webhook_bot(tmp_path, emu, processes, free_port())
    code, line = await health(tmp_path / "cagbot.db", tmp_path)
    assert code == 0, f"{line}\n{bot.log}"
    assert await bot.terminate() == 0
    assert (await health(tmp_path / "cagbot.db", tmp_path))[0] == 1


async def test_a_5xx_outage_and_a_kill_fail_health_and_show_in_metrics(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    """Every sendMessage answered 502: the deliveries wait to retry (none is "due"), the
    metrics count the 5xx and show them retrying, and health fails once they have retried
    longer than the limit. Then `kill -9`: health fails at the next check."""
    database = tmp_path / "cagbot.db"
    port = free_port()
    emu.faults.outage("sendMessage", 3600, 502)
    users = [emu.add_user(language_code="ru") for _ in range(3)]
    bot = await start_bot(tmp_path, emu, CAGBOT_METRICS_PORT=str(port), CAGBOT_LISTEN="127.0.0.1")
    processes.append(bot)
    await until(lambda: healthy(database, tmp_path), bot)
    store = await Store.open(database, migrate=False, create=False)
    try:
        await store.outbox.enqueue([user.id for user in users], "hello", kind="staff")

        async def all_retrying() -> bool:
            row = await store.db.fetchone("SELECT count(retry_since) FROM outbox")
            return row is not None and row[0] == len(users)

        await until(all_retrying, bot)
        text = await scrape(port)
        assert (
            sample(text, 'cagbot_telegram_requests_total{method="sendMessage",outcome="5xx"}') >= 3
        )
        assert sample(text, 'cagbot_outbox_deliveries{state="retrying"}') == 3
        assert sample(text, "cagbot_outbox_oldest_waiting_seconds") > 0
        assert sample(text, "cagbot_last_sent_timestamp_seconds") == 0
        code, line = await health(database, tmp_path)
        assert code == 0, line
        assert line.endswith("3 retrying")

        # The outage goes on: as if the deliveries had been retrying for 20 minutes.
        await store.db.connection.execute(
            "UPDATE outbox SET retry_since = retry_since - 1200, "
            "created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '-20 minutes')"
        )
        code, line = await health(database, tmp_path)
        assert code == 1
        assert line.startswith("deliveries failing: 3 retrying, the oldest for 20 min"), line
        assert "Bad Gateway" in line
    finally:
        await store.close()

    bot.process.kill()
    await bot.process.wait()
    code, line = await health(database, tmp_path)
    assert code == 1
    assert "is not running (no such process" in line, line
