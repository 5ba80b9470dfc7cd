"""A million subscribers: what one machine does with them.

Run: python bench/million_bench.py [--subscribers 1000000] [--drain-seconds 30]

One database (a temporary file) gets the sample posts and N subscribers (a third each in
sv, en and ru; one in ten on daily digests with three collected posts). Then, timed:

1. the fan-out of a broadcast to all of them (queued rows, seconds, the process's peak
   memory, the database's size before and after);
2. the dispatcher with limits off for ``--drain-seconds`` against a transport that answers
   at once (the store's claim/record and the pacer only: what the outbox itself carries);
3. ``cagbot health``'s check, ``cagbot stats``'s figures and ``/forget``'s erase of a
   subscriber with queued deliveries (median of 5 each; target: none over 1 s), while the
   outbox holds the broadcast;
4. a daily digest run (rendering and queueing every digest).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import NullBot, sample_database

from cagbot.health import check
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.notify.broadcasts import BroadcastService
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.notifier import Notifier
from cagbot.notify.pacer import PaceLimits, Pacer
from cagbot.settings import Settings
from cagbot.store import Store
from cagbot.store.audience import Audience

FIRST_USER = 30_000_001
CHUNK = 50_000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()) / 2**20


async def _subscribers(store: Store, n: int) -> None:
    posts = [row[0] for row in await store.db.fetchall("SELECT id FROM posts LIMIT 3")]
    for start in range(0, n, CHUNK):
        ids = range(FIRST_USER + start, FIRST_USER + min(n, start + CHUNK))
        async with store.db.transaction() as connection:
            await connection.executemany(
                "INSERT INTO subscribers (chat_id, language, subscribed, frequency)"
                " VALUES (?, ?, 1, ?)",
                [(c, ("sv", "en", "ru")[c % 3], "daily" if c % 10 == 0 else "instant")
                 for c in ids],
            )  # fmt: skip
            await connection.executemany(
                "INSERT INTO digest_items (chat_id, post_id) VALUES (?, ?)",
                [(c, p) for c in ids if c % 10 == 0 for p in posts],
            )


async def _median(label: str, action: Callable[[int], Awaitable[object]], rounds: int = 5) -> float:
    times = []
    for number in range(rounds):
        started = time.perf_counter()
        await action(number)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    verdict = "ok" if max(times) <= 1.0 else "OVER 1 s"
    print(
        f"  {label:<40} median {median * 1000:8.1f} ms, max {max(times) * 1000:8.1f} ms  {verdict}"
    )
    return median


async def run(n: int, drain_seconds: float) -> None:
    print(
        f"cagbot 1M rehearsal: {n:,} subscribers, Python {sys.version.split()[0]},"
        f" {os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory(prefix="cagbot-million-") as tmp:
        path = Path(tmp) / "cagbot.db"
        await sample_database(path)
        store = await Store.open(path)
        started = time.perf_counter()
        await _subscribers(store, n)
        print(f"  subscribers written in {time.perf_counter() - started:.1f} s;"
              f" database {_size_mb(path):.0f} MB")  # fmt: skip

        # 1. Fan-out.
        rss = _rss_mb()
        started = time.perf_counter()
        _, recipients = await BroadcastService(store, "en").start(
            {"sv": "Hej <b>alla</b>", "en": "Hello <b>all</b>", "ru": "Привет <b>всем</b>"},
            Audience(),
            admin_id=None,
            origin="cli",
        )
        fan_out = time.perf_counter() - started
        print(
            f"  fan-out: {recipients:,} deliveries queued in {fan_out:.1f} s"
            f" ({recipients / fan_out:,.0f}/s); peak RSS {_rss_mb():.0f} MB (was {rss:.0f});"
            f" database {_size_mb(path):.0f} MB"
        )

        # 2. Dispatcher, limits off, null transport.
        null = NullBot()
        dispatcher = Dispatcher(store, null, pacer=Pacer(PaceLimits.off()), concurrency=48)  # type: ignore[arg-type]
        running = asyncio.ensure_future(dispatcher.run())
        await asyncio.sleep(drain_seconds)
        dispatcher.stop()
        await running
        counts = await store.outbox.counts()
        print(
            f"  dispatcher, limits off, null transport: {counts.sent:,} sent in"
            f" {drain_seconds:.0f} s = {counts.sent / drain_seconds:,.0f} msg/s"
            f" ({counts.pending:,} still pending)"
        )

        # 3. health, stats, /forget on the full outbox.
        await _median("cagbot health (check)", lambda _: check(path))
        await _median("cagbot stats (figures)", lambda _: store.figures.all("en"))
        victims = [FIRST_USER + n - 1 - k * 7 for k in range(5)]
        await _median("/forget (erase one subscriber)", lambda k: store.privacy.erase(victims[k]))

        # 4. A daily digest run.
        settings = Settings(token=None, database=path, _env_file=None)  # type: ignore[call-arg]
        notifier = Notifier(store, settings, I18n.load(), load_lexicon())
        started = time.perf_counter()
        queued = await notifier.send_digests("daily", "2026-12-07")
        print(f"  daily digests: {queued:,} queued in {time.perf_counter() - started:.1f} s")
        print(f"  database at the end {_size_mb(path):.0f} MB; peak RSS {_rss_mb():.0f} MB")
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--drain-seconds", type=float, default=30.0)
    args = parser.parse_args()
    asyncio.run(run(args.subscribers, args.drain_seconds))


if __name__ == "__main__":
    main()
