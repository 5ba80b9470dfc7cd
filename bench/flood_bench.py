"""Flood benchmark: how long another person waits for /start while one person floods the bot.

The real bot (production client settings: timeouts, AIORateLimiter, flood budgets) runs
against the loopback emulator with Telegram's flood limits switched on. A flooder sends
``--rate`` messages a second (search queries, the most expensive thing a message can ask
for) for ``--seconds``; meanwhile a fresh person sends /start every ``--probe-every``
seconds, and the time from their message to the bot's answer is recorded.

    python bench/flood_bench.py [--seconds 5] [--rate 100] [--probe-every 0.1]

Scenarios: no flood (baseline); one flooder; five flooders. ("dropped" counts the
flooders' updates the budget stopped before any feature saw them.)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from common import latency_figures, running_bot, sample_database

from cagbot.bot.throttle import Throttle, Throttles

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_bench_token_flood"
QUERIES = ["стажировка", "praktik", "internship Osh", "климат", "HBTQ", "stazhirovka"]


async def scenario(
    database: Path, *, flooders: int, seconds: float, rate: float, probe_every: float, budget: bool
) -> dict[str, float]:
    def unlimited(app: Any) -> None:
        app.bot_data.throttles = Throttles(Throttle(10**9, 10**9), Throttle(10**9, 10**9))

    latencies: list[float] = []
    async with running_bot(database, TOKEN, None if budget else unlimited) as (emu, app):
        people = [emu.add_user(language_code="ru") for _ in range(flooders)]

        async def flood() -> None:
            started, sent = time.perf_counter(), 0
            while (elapsed := time.perf_counter() - started) < seconds:
                due = int(elapsed * rate)
                for n in range(sent, due):
                    for person in people:
                        emu.send_text(person, f"{QUERIES[n % len(QUERIES)]} {n}")
                sent = due
                await asyncio.sleep(0.01)

        async def probe() -> None:
            person = emu.add_user(language_code="sv")
            started = time.perf_counter()
            emu.send_text(person, "/start")
            await emu.next_message(person.id, timeout=120)
            latencies.append(time.perf_counter() - started)

        async def probes() -> None:
            tasks = []
            started = time.perf_counter()
            while time.perf_counter() - started < seconds:
                tasks.append(asyncio.create_task(probe()))
                await asyncio.sleep(probe_every)
            await asyncio.gather(*tasks)

        await asyncio.gather(flood(), probes())
        await asyncio.wait_for(app.update_queue.join(), 60)
        dropped = app.bot_data.throttles.messages.dropped
        return {
            **latency_figures(latencies),
            "probes": len(latencies),
            "dropped": dropped,
            "429s": emu.stats.flood_429,
        }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rate", type=float, default=100.0, help="messages/s per flooder")
    parser.add_argument("--probe-every", type=float, default=0.1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.db"
        await sample_database(template)
        print(
            f"{args.rate:.0f} msg/s per flooder for {args.seconds:.0f} s; "
            f"a new person sends /start every {args.probe_every * 1000:.0f} ms"
        )
        print(
            f"{'scenario':<28}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'probes':>8}"
            f"{'dropped':>9}{'429s':>6}"
        )
        for name, flooders, budget in (
            ("no flood", 0, True),
            ("1 flooder", 1, True),
            ("5 flooders", 5, True),
        ):
            database = Path(tmp) / f"{flooders}-{budget}.db"
            database.write_bytes(template.read_bytes())
            result = await scenario(
                database,
                flooders=flooders,
                seconds=args.seconds,
                rate=args.rate,
                probe_every=args.probe_every,
                budget=budget,
            )
            print(
                f"{name:<28}{result['p50']:>9.1f}{result['p99']:>9.1f}{result['max']:>9.1f}"
                f"{result['probes']:>8.0f}{result['dropped']:>9.0f}{result['429s']:>6.0f}"
            )


if __name__ == "__main__":
    asyncio.run(main())
