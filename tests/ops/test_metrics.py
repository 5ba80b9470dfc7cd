"""``/metrics`` of a running ``python -m cagbot run`` (polling, CAGBOT_METRICS_PORT) and of
the webhook server: the names docs/operations.md lists, moving as a broadcast goes out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import aiohttp

from cagbot import __version__
from cagbot.devserver import Emulator
from cagbot.notify import Audience, BroadcastService
from cagbot.store import Store
from tests.ops.conftest import (
    BotProcess,
    free_port,
    healthy,
    sample,
    scrape,
    start_bot,
    start_webhook_bot,
    until,
)

#: Every metric docs/operations.md documents (a scrape of a bot with a feed and a broadcast).
DOCUMENTED = (
    "cagbot_info",
    "cagbot_outbox_deliveries",
    "cagbot_outbox_oldest_waiting_seconds",
    "cagbot_last_sent_timestamp_seconds",
    "cagbot_telegram_requests_total",
    "cagbot_update_handling_seconds_bucket",
    "cagbot_feed_last_poll_timestamp_seconds",
    "cagbot_feed_last_success_timestamp_seconds",
    "cagbot_feed_failures",
    "cagbot_broadcast_recipients",
    "cagbot_broadcast_deliveries",
    "cagbot_last_backup_timestamp_seconds",
)
RECIPIENTS = 12


async def test_metrics_move_while_a_broadcast_goes_out(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    database = tmp_path / "cagbot.db"
    port = free_port()
    emu.faults.delay("sendMessage", 0.3)  # slow enough to watch it progress
    users = [emu.add_user(language_code="sv") for _ in range(RECIPIENTS)]
    bot = await start_bot(
        tmp_path,
        emu,
        CAGBOT_METRICS_PORT=str(port),
        CAGBOT_LISTEN="127.0.0.1",
        CAGBOT_FEEDS="http://127.0.0.1:9/feed.xml",  # refused: a failing feed to show
    )
    processes.append(bot)
    await until(lambda: healthy(database, tmp_path), bot)
    # One update handled, for the latency histogram.
    emu.send_text(users[0], "/start")
    await bot.until(emu.next_message(users[0].id, timeout=60))
    before = await scrape(port)
    sent_before = sample(before, 'cagbot_outbox_deliveries{state="sent"}')
    store = await Store.open(database, migrate=False, create=False)
    try:
        async with store.db.transaction() as connection:
            await connection.executemany(
                "INSERT OR REPLACE INTO subscribers (chat_id, language, subscribed) "
                "VALUES (?, 'sv', 1)",
                [(user.id,) for user in users],
            )
        broadcast_id, recipients = await BroadcastService(store, "sv").start(
            {"*": "Hej"}, Audience(), admin_id=None, origin="cli"
        )
        assert recipients == RECIPIENTS
        seen: list[float] = []
        in_progress = False

        async def all_sent() -> bool:
            nonlocal in_progress
            text = await scrape(port)
            seen.append(sample(text, 'cagbot_outbox_deliveries{state="sent"}') - sent_before)
            label = f'cagbot_broadcast_recipients{{broadcast="{broadcast_id}"}}'
            in_progress |= label in text
            return seen[-1] >= RECIPIENTS

        await until(all_sent, bot)
    finally:
        await store.close()
    after = await scrape(port)
    assert seen == sorted(seen)  # it only moves forward
    assert in_progress  # a scrape during the broadcast showed its progress
    requests = 'cagbot_telegram_requests_total{method="sendMessage",outcome="ok"}'
    assert sample(after, requests) - sample(before, requests) >= RECIPIENTS
    assert sample(after, "cagbot_update_handling_seconds_count") >= 1
    for name in DOCUMENTED:
        assert f"\n{name}" in after, name
    assert sample(after, 'cagbot_feed_failures{feed="http://127.0.0.1:9/feed.xml"}') >= 1
    # The first line says what runs on what (issue 23).
    assert f"cagbot {__version__} starting: mode polling, database {database}, schema " in bot.log


async def test_the_webhook_server_serves_metrics_without_a_banner(
    tmp_path: Path, emu: Emulator, processes: list[BotProcess]
) -> None:
    port = free_port()
    await start_webhook_bot(tmp_path, emu, processes, port)
    text = await scrape(port)
    assert "cagbot_outbox_deliveries" in text
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        assert response.headers.get("Server") == "cagbot"


def test_the_grafana_dashboard_queries_only_exposed_metrics() -> None:
    """Every metric the example dashboard graphs is one the bot exposes."""
    import json
    import re

    root = Path(__file__).parents[2]
    dashboard = json.loads((root / "deploy" / "grafana-dashboard.json").read_text("utf-8"))
    used = {
        name
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"\bcagbot_[a-z_]+", target["expr"])
    }
    exposed = {name.removesuffix("_bucket") for name in DOCUMENTED}
    assert {name.removesuffix("_bucket") for name in used} <= exposed
    assert len(used) >= 8


def test_the_polling_bot_imports_no_web_server_until_metrics_are_served() -> None:
    # aiohttp is a third of a second of start-up the first reply does not need.
    code = (
        "import sys, cagbot.polling, cagbot.bot.app, cagbot.metrics; "
        "print('aiohttp' in sys.modules); "
        "cagbot.metrics.MetricsServer(lambda: None); print('aiohttp' in sys.modules); "
        "cagbot.metrics.handler(lambda: None); print('aiohttp' in sys.modules)"
    )
    answer = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert answer.stdout.split() == ["False", "False", "True"]
