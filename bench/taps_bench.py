"""Button-tap benchmark: is every tap on the bot's own keyboard answered and applied, and how
long does a tap wait for its answer?

The real bot (production client and budgets) runs against the loopback emulator with
Telegram's flood limits on. A person opens /subscribe and taps topic toggles: at a person's
pace (``--gap`` seconds apart, 0.35 s by default) and as a burst with no gap at all. For each
tap the time from press to the callback answer is recorded; afterwards the stored topics are
compared with what the taps, applied in order, should give.

    python bench/taps_bench.py [--taps 8] [--gap 0.35] [--burst 30]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from pathlib import Path

from common import latency_figures, running_bot, sample_database

from cagbot import callbacks
from cagbot.lexicon import load_lexicon

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_bench_token_taps"


async def scenario(database: Path, taps: int, gap: float) -> dict[str, float]:
    async with running_bot(database, TOKEN) as (emu, app):
        user = emu.add_user(language_code="ru")
        emu.send_text(user, "/subscribe")
        prompt = await emu.next_message(user.id, timeout=30)
        slugs = load_lexicon().topic_slugs()
        sequence = [slugs[n % len(slugs)] for n in range(taps)]
        pressed: list[tuple[str, float]] = []
        latencies: list[float] = []

        async def answered_after(query_id: str, started: float) -> None:
            await emu.wait_for(lambda: query_id in emu.callback_answers, 120)
            latencies.append(time.perf_counter() - started)

        watchers = []
        for slug in sequence:
            started = time.perf_counter()
            query_id = emu.press(user, prompt, callbacks.encode("sub", "t", slug))
            pressed.append((query_id, started))
            watchers.append(asyncio.create_task(answered_after(query_id, started)))
            if gap:
                await asyncio.sleep(gap)
        await asyncio.gather(*watchers)
        await asyncio.wait_for(app.update_queue.join(), 60)
        expected: set[str] = set()
        for slug in sequence:
            expected ^= {slug}
        subscriber = await app.bot_data.store.subscribers.get(user.id)
        applied = subscriber is not None and set(subscriber.topics) == expected
        # Answers arrive after the update is handled; the last one may land a moment after
        # the queue drains.
        answered = sum(1 for query_id, _ in pressed if query_id in emu.callback_answers)
        too_fast = sum(
            1
            for query_id, _ in pressed
            if "wait" in str(emu.callback_answers.get(query_id, {}).get("text", ""))
        )
        return {
            "answered": answered,
            "too_fast": too_fast,
            "applied": float(applied),
            **latency_figures(latencies),
            "429s": emu.stats.flood_429,
        }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=8)
    parser.add_argument("--gap", type=float, default=0.35)
    parser.add_argument("--burst", type=int, default=30)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.db"
        await sample_database(template)
        print(
            f"{'scenario':<24}{'answered':>10}{'too fast':>10}{'applied':>9}"
            f"{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'429s':>6}"
        )
        for name, taps, gap in (
            (f"{args.taps} taps, {args.gap:.2f} s apart", args.taps, args.gap),
            (f"{args.burst} taps at once", args.burst, 0.0),
        ):
            database = Path(tmp) / f"{taps}-{gap}.db"
            database.write_bytes(template.read_bytes())
            result = await scenario(database, taps, gap)
            print(
                f"{name:<24}{result['answered']:>7.0f}/{taps:<2}{result['too_fast']:>10.0f}"
                f"{'yes' if result['applied'] else 'NO':>9}{result['p50']:>9.1f}"
                f"{result['p99']:>9.1f}{result['max']:>9.1f}{result['429s']:>6.0f}"
            )


if __name__ == "__main__":
    asyncio.run(main())
