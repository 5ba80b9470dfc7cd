"""Crowd benchmark: a crowd of newcomers arrives while a broadcast drains. How long does a
newcomer wait for the answer to /start, how many 429s are provoked, and how many inline
queries are answered?

The real bot (production client, budgets and dispatcher) polls the loopback emulator with
Telegram's flood limits on (30 messages/s overall). ``--newcomers`` people send /start at
evenly spread moments within ``--seconds``; every ``--inline-every``-th also types an inline
query; a broadcast to ``--subscribers`` existing subscribers is queued at the start. Replies
must go first: Telegram's 30 msg/s bounds them (2,000 replies need at least 67 s), the
broadcast waits while replies do.

    python bench/crowd_bench.py [--newcomers 2000] [--seconds 20] [--subscribers 300]

On a shared machine the figures are upper bounds (the emulator, the bot and the crowd share
one event loop here).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from pathlib import Path

from common import latency_figures, running_bot, sample_database

from cagbot.notify import runtime_of

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_bench_token_crowd"


async def scenario(
    database: Path,
    newcomers: int,
    seconds: float,
    subscribers: int,
    inline_every: int,
    priority: bool = True,
) -> dict[str, float]:
    async with running_bot(database, TOKEN) as (emu, app):
        store = app.bot_data.store
        readers = [emu.add_user(language_code="ru") for _ in range(subscribers)]
        for reader in readers:
            await store.subscribers.ensure(reader.id, "private", "ru")
            await store.subscribers.set_subscribed(reader.id, True)
        await store.outbox.enqueue(
            [r.id for r in readers], "📣 Broadcast during the crowd", kind="broadcast"
        )
        dispatcher = runtime_of(app).dispatcher
        if dispatcher is not None:
            if not priority:  # for comparison: bulk sends do not give way to replies
                dispatcher.pacer.yield_to = None
            dispatcher.wake()
        people = [emu.add_user(language_code="ru") for _ in range(newcomers)]
        latencies: list[float] = []
        queries: list[str] = []
        waiting: dict[int, float] = {}  # user id -> when they wrote /start
        arrived = asyncio.Event()

        async def watch() -> None:
            # One watcher for everybody (a waiter per person would be woken by every one of
            # the 2,000 replies: the bench, not the bot, would be measured).
            while not arrived.is_set() or waiting:
                now = time.perf_counter()
                for user_id in [u for u in waiting if emu.messages(u)]:
                    latencies.append(now - waiting.pop(user_id))
                await asyncio.sleep(0.02)

        watcher = asyncio.create_task(watch())
        begun = time.perf_counter()
        for n, person in enumerate(people):
            due = begun + n * seconds / max(1, newcomers)
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            waiting[person.id] = time.perf_counter()
            emu.send_text(person, "/start")
            if inline_every and n % inline_every == 0:
                queries.append(emu.inline_query(person, "стажировка" if n % 2 else ""))
        arrived.set()
        await asyncio.wait_for(watcher, 900)
        replies_done = time.perf_counter() - begun
        broadcast_during = sum(1 for r in readers if emu.messages(r.id))
        await emu.wait_for(lambda: all(emu.messages(r.id) for r in readers), 600)
        await asyncio.sleep(1.0)  # late inline answers
        inline_answered = sum(1 for q in queries if q in emu.inline_answers)
        return {
            **latency_figures(latencies),
            "replies_done_s": replies_done,
            "broadcast_during": broadcast_during,
            "429s": emu.stats.flood_429,
            "inline_answered": inline_answered,
            "inline_asked": len(queries),
        }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newcomers", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--subscribers", type=int, default=300)
    parser.add_argument("--inline-every", type=int, default=2)
    parser.add_argument(
        "--no-priority", action="store_true", help="broadcasts do not give way (comparison)"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "crowd.db"
        await sample_database(database)
        result = await scenario(
            database,
            args.newcomers,
            args.seconds,
            args.subscribers,
            args.inline_every,
            priority=not args.no_priority,
        )
    print(
        f"{args.newcomers} newcomers in {args.seconds:.0f} s, broadcast to "
        f"{args.subscribers} subscribers queued at the start"
        + ("" if not args.no_priority else " (no priority for replies)")
    )
    print(
        f"  /start replies: median {result['p50'] / 1000:.1f} s, p99 {result['p99'] / 1000:.1f} s,"
        f" max {result['max'] / 1000:.1f} s; all answered after {result['replies_done_s']:.1f} s"
    )
    print(
        f"  broadcast deliveries while replies were pending: "
        f"{result['broadcast_during']:.0f} of {args.subscribers}"
    )
    print(f"  429s provoked: {result['429s']:.0f}")
    print(
        f"  inline queries answered: {result['inline_answered']:.0f} of "
        f"{result['inline_asked']:.0f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
