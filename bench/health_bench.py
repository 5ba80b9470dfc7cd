"""`cagbot health` cost: the check against outboxes of 1k to 100k rows, and a heartbeat write.

Run: python bench/health_bench.py [--sizes 1000,10000,100000] [--repeat 50]

The container runs `cagbot health` every minute, so it must stay cheap as the outbox grows.
Each size gets a database whose outbox is half delivered, half pending and all of it 20
minutes old: the worst case, in which the check reads both the backlog and the last delivery
(and reports "dispatcher stuck"). Printed: the in-process check (median, p99), the whole
`cagbot health` process (Python start-up included; median of a few), and one heartbeat
write as the running bot does it every 10 s (median, p99).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cagbot.health import check
from cagbot.store import Store


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def build(path: Path, rows: int) -> None:
    store = await Store.open(path)
    try:
        await store.outbox.enqueue(range(1, rows + 1), "news", kind="broadcast")
        # Half delivered, everything 20 minutes old (bench set-up; the bot never does this).
        async with store.db.transaction() as connection:
            await connection.execute(
                "UPDATE outbox SET not_before = not_before - 1200, "
                "created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '-20 minutes')"
            )
            await connection.execute(
                "UPDATE outbox SET status = 'sent', "
                "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-20 minutes') "
                "WHERE id % 2 = 0"
            )
        now = time.time()
        await store.heartbeat.beat(
            pid=1, host="bench", mode="polling", version="bench", started_at=now - 3600, now=now
        )
    finally:
        await store.close()


async def time_checks(path: Path, repeat: int) -> tuple[list[float], str]:
    timings, reason = [], ""
    for _ in range(repeat):
        started = time.perf_counter()
        verdict = await check(path)
        timings.append((time.perf_counter() - started) * 1000)
        reason = verdict.reason
    return timings, reason


def time_processes(path: Path, repeat: int) -> list[float]:
    env = {**os.environ, "CAGBOT_DATABASE": str(path)}
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "cagbot", "health"], env=env, capture_output=True, check=False
        )
        timings.append((time.perf_counter() - started) * 1000)
    return timings


async def time_beats(path: Path, repeat: int) -> list[float]:
    store = await Store.open(path)
    timings = []
    try:
        for _ in range(repeat):
            now = time.time()
            started = time.perf_counter()
            await store.heartbeat.beat(
                pid=1, host="bench", mode="polling", version="bench", started_at=now, now=now
            )
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        await store.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--processes", type=int, default=5)
    args = parser.parse_args()
    print(f"cagbot health benchmark ({os.cpu_count()} cores), times in ms")
    print(f"{'outbox rows':>12} {'check med':>10} {'check p99':>10} {'process med':>12}  verdict")
    with tempfile.TemporaryDirectory() as folder:
        for rows in (int(size) for size in args.sizes.split(",")):
            path = Path(folder) / f"health-{rows}.db"
            asyncio.run(build(path, rows))
            checks, reason = asyncio.run(time_checks(path, args.repeat))
            processes = time_processes(path, args.processes)
            print(
                f"{rows:>12,} {statistics.median(checks):>10.2f} "
                f"{percentile(checks, 0.99):>10.2f} {statistics.median(processes):>12.0f}  "
                f"{reason[:60]}"
            )
        beats = asyncio.run(time_beats(Path(folder) / "health-beats.db", args.repeat * 4))
        print(
            f"heartbeat write: median {statistics.median(beats):.2f} ms, "
            f"p99 {percentile(beats, 0.99):.2f} ms ({len(beats)} beats)"
        )


if __name__ == "__main__":
    main()
