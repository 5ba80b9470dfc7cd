"""Staff operations at scale: pause, resume and cancel of a 100,000-recipient broadcast
(held/released/withdrawn outbox rows), the claim with held rows present, firing many due
scheduled sends, the stats export, and queueing new posts to channels.

Prints medians and p99 over ``--repeat`` runs (seconds or ms). Targets: pause/resume/cancel
of 100k rows well under a second (they run in a button press), claim latency unchanged by
held rows, the CSV export under a second at 100k subscribers.

    python bench/staff_bench.py [--subscribers 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.models import PostDraft
from cagbot.notify.broadcasts import BroadcastService
from cagbot.notify.channels import ChannelPoster
from cagbot.store import Store
from cagbot.store.audience import Audience

FIRST_USER = 10_000_001
STAFF = 900_001


def _figures(label: str, samples: list[float], unit: str = "ms") -> None:
    scale = 1000.0 if unit == "ms" else 1.0
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(
        f"{label:<44} median {statistics.median(samples) * scale:9.1f} {unit}"
        f"   p99 {p99 * scale:9.1f} {unit}   (n={len(samples)})"
    )


async def _store(path: Path, n: int) -> Store:
    store = await Store.open(path)
    rows = [
        (FIRST_USER + i, ("sv", "en", "ru")[i % 3], f"2026-{1 + i % 12:02d}-01T00:00:00.000Z")
        for i in range(n)
    ]
    async with store.db.transaction() as connection:
        await connection.executemany(
            "INSERT INTO subscribers (chat_id, language, subscribed, subscribed_at) "
            "VALUES (?, ?, 1, ?)",
            rows,
        )
        await connection.executemany(
            "INSERT INTO subscriber_topics (chat_id, topic) VALUES (?, ?)",
            [(FIRST_USER + i, "climate") for i in range(0, n, 4)],
        )
    return store


async def run(subscribers: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = await _store(Path(folder) / "bench.db", subscribers)
        try:
            await store.posts.sync_topics(load_lexicon().topic_slugs())
            service = BroadcastService(store, "en")
            pause, resume, claim_held, cancel = [], [], [], []
            for _ in range(repeat):
                broadcast_id, recipients = await service.start(
                    {"*": "Hello"}, Audience(), admin_id=STAFF, origin="bot"
                )
                assert recipients == subscribers
                started = time.perf_counter()
                await store.schedules.pause(broadcast_id, STAFF)
                pause.append(time.perf_counter() - started)
                started = time.perf_counter()
                claimed = await store.outbox.claim(48)
                claim_held.append(time.perf_counter() - started)
                assert claimed == []  # everything is held
                started = time.perf_counter()
                await store.schedules.resume(broadcast_id, STAFF)
                resume.append(time.perf_counter() - started)
                started = time.perf_counter()
                await store.schedules.cancel(broadcast_id, STAFF)
                cancel.append(time.perf_counter() - started)
            print(f"broadcast of {subscribers:,} recipients:")
            _figures("  pause (hold every pending row)", pause)
            _figures("  claim while all rows are held", claim_held)
            _figures("  resume (release them)", resume)
            _figures("  cancel (withdraw them)", cancel)

            now = [1_000_000.0]
            clocked = BroadcastService(store, "en", clock=lambda: now[0])
            due = 10
            for _ in range(due):
                await store.schedules.plan(
                    drafted_by=STAFF,
                    texts={"*": "Later"},
                    photo=None,
                    audience=Audience("topic", "climate"),
                    fire_at=now[0] - 1,
                    timezone="Asia/Bishkek",
                    approved_by=STAFF,
                )
            started = time.perf_counter()
            fired = await clocked.fire_due()
            elapsed = time.perf_counter() - started
            assert len(fired) == due
            topic_recipients = fired[0][2]
            print(
                f"fire {due} due schedules ({topic_recipients:,} recipients each): "
                f"{elapsed:.2f} s, {elapsed / due * 1000:.1f} ms per schedule"
            )

            export = []
            for _ in range(repeat):
                started = time.perf_counter()
                figures = await store.figures.all("en")
                export.append(time.perf_counter() - started)
            _figures(f"stats export ({len(figures)} rows, {subscribers:,} subscribers)", export)

            for chat_id, language in ((-100_001, "ru"), (-100_002, None)):
                await store.channels.record_check(
                    chat_id=chat_id, ref=str(chat_id), language=language, thread_id=None,
                    title="bench", missing=None,
                )  # fmt: skip
            for number in range(500):
                await store.posts.upsert(
                    PostDraft(
                        key=f"bench post {number}",
                        title=f"Bench post {number}",
                        summary="A post for the channels.",
                        language="sv",
                        source="bench",
                    )
                )
            async with store.db.transaction() as connection:
                await connection.execute("UPDATE post_notifications SET status = 'done'")
            poster = ChannelPoster(store, I18n.load(), load_lexicon(), "en", "cagbot_bot")
            started = time.perf_counter()
            queued = 0
            while batch := await poster.run():
                queued += batch
            elapsed = time.perf_counter() - started
            print(
                f"queue {queued} posts to 2 channels: {elapsed:.2f} s, "
                f"{elapsed / max(queued, 1) * 1000:.2f} ms per post"
            )
        finally:
            await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.subscribers, args.repeat))


if __name__ == "__main__":
    main()
