"""Saved-search alerts: new posts matched against saved queries (issue 25).

An archive of ``--archive`` generated posts (10,000) is in the bot's index; ``--new`` more
(1,000) arrive in rounds of ``--round`` posts, as the post watcher sees them after an
import, and each round is matched against ``--queries`` saved searches (10,000) the way the
bot does it (:mod:`cagbot.search.saved`: planned against the archive, matched against an
index of the round's posts, in the search worker, a slice of queries per turn). Printed:

- per new post: the round's time divided by its posts, median and p99 over all posts, for
  rounds whose posts bring new words (every plan made again: the usual case after an
  import) and for rounds whose words the archive already knew (plans kept);
- how late an asyncio ticker (5 ms sleeps) woke while the rounds ran: max, p99, ticks over
  20 ms, and whether any was; beside it the same ticker with nothing running and while the
  worker thread spins plain Python (what the machine and the GIL hand-over add to any work
  off the loop);
- the naive rescan, in the same run: every saved query searched over the whole archive
  (top 20) and the hits filtered to the round's posts; timed on ``--naive-sample`` queries
  and scaled to all of them, with the alerts each way finds on that sample.

Posts are generated as in ``bench/search_bench.py`` (seed sentences shuffled, Zipf words).
Saved queries are 1-3 words of the seed posts' own titles and summaries (sv, en, ru), a
third of the Russian ones typed in Latin letters, a quarter with a typo, plus the search
bench's queries: what people type, mostly distinct.

    python bench/alerts_bench.py [--archive 10000] [--new 1000] [--queries 10000] [--round 100]

Figures are upper bounds on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import latency_figures, percentile
from search_bench import QUERIES, _seed_posts, generate

from cagbot.lexicon import load_lexicon
from cagbot.search import WORKER, SearchEngine
from cagbot.search.saved import SLICE, Plans, match_in_worker

_WORD = re.compile(r"[^\W\d_]{4,}")
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_ROMAN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh sch - y - e yu ya"
_LATIN = {
    letter: "" if roman == "-" else roman
    for letter, roman in zip(_CYRILLIC, _ROMAN.split(), strict=True)
}
_LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдежзиклмнопрстуфхцчшыэюя"


def _latin(word: str) -> str:
    return "".join(_LATIN.get(letter, letter) for letter in word.lower())


def _typo(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word))
    if rng.random() < 0.5:
        return word[:at] + word[at + 1 :]  # a letter dropped
    return word[:at] + rng.choice(_LETTERS) + word[at:]  # a letter too many


def saved_queries(seeds: list, count: int, rng: random.Random) -> list[str]:  # type: ignore[type-arg]
    words = sorted({w for post in seeds for w in _WORD.findall(f"{post.title} {post.summary}")})
    queries = list(QUERIES)
    while len(queries) < count:
        picked = rng.sample(words, rng.choice((1, 2, 2, 3)))
        typed = []
        for word in picked:
            if re.search("[а-яё]", word, re.IGNORECASE) and rng.random() < 1 / 3:
                word = _latin(word)
            if rng.random() < 0.25:
                word = _typo(word, rng)
            typed.append(word)
        queries.append(" ".join(typed))
    return queries[:count]


def _spin(seconds: float) -> int:
    end = time.perf_counter() + seconds
    turns = 0
    while time.perf_counter() < end:
        turns += 1
    return turns


class LagProbe:
    """Event-loop lag while ``async with`` runs: a task sleeps 5 ms over and over and
    records how late each wake-up is. Every lag is kept, so a single preemption of a busy
    shared machine shows as one outlier next to the count over 20 ms."""

    TICK = 0.005

    def __init__(self) -> None:
        self.lags: list[float] = []
        self._done = False
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        while not self._done:
            before = time.perf_counter()
            await asyncio.sleep(self.TICK)
            self.lags.append(max(0.0, time.perf_counter() - before - self.TICK) * 1000)

    async def __aenter__(self) -> LagProbe:
        self._task = asyncio.create_task(self._tick())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._done = True
        assert self._task is not None
        await self._task

    def summary(self) -> str:
        if not self.lags:
            return "no samples"
        over = sum(1 for lag in self.lags if lag > 20)
        return (
            f"max {max(self.lags):.1f} ms, p99 {percentile(self.lags, 0.99):.1f} ms, "
            f"{over} of {len(self.lags)} ticks over 20 ms"
        )


def naive(
    archive: SearchEngine, queries: list[tuple[int, str]], new: set[int]
) -> dict[int, tuple[int, ...]]:
    """Each saved query searched over the whole archive, hits filtered to the new posts."""
    found = {}
    for search_id, query in queries:
        result = archive.search(query, limit=20)
        if result.partial and not result.ignored:
            continue
        hits = tuple(hit.post_id for hit in result.hits if hit.post_id in new)
        if hits:
            found[search_id] = hits
    return found


async def run(args: argparse.Namespace) -> None:
    rng = random.Random(25)
    seeds = await _seed_posts()
    posts = generate(seeds, args.archive + args.new, random.Random(args.archive))
    archive_posts, new_posts = posts[: args.archive], posts[args.archive :]
    queries = list(enumerate(saved_queries(seeds, args.queries, rng)))
    distinct = len({query for _, query in queries})
    archive = SearchEngine.from_posts(archive_posts, load_lexicon())
    # As the bot does once its index is loaded (cagbot.search.loading.settle): the index is
    # out of the cyclic collector's reach.
    gc.freeze()
    print(
        f"archive {len(archive)} posts, {len(new_posts)} new in rounds of {args.round}, "
        f"{len(queries)} saved queries ({distinct} distinct)"
    )

    plans = Plans()
    per_post_new_words: list[float] = []
    per_post_known_words: list[float] = []
    alerts = 0
    rounds = [new_posts[i : i + args.round] for i in range(0, len(new_posts), args.round)]
    started_all = time.perf_counter()
    async with LagProbe() as watch:
        for batch in rounds:
            before = archive.vocabulary_version
            await WORKER.run(archive.add_many, batch)  # the watcher indexes, then matches
            started = time.perf_counter()
            found = await match_in_worker(archive, batch, queries, plans)
            elapsed = time.perf_counter() - started
            alerts += sum(len(hits) for hits in found.values())
            grew = archive.vocabulary_version != before
            (per_post_new_words if grew else per_post_known_words).extend(
                [elapsed / len(batch)] * len(batch)
            )
            # The same round again: the archive's words unchanged, every plan kept.
            started = time.perf_counter()
            await match_in_worker(archive, batch, queries, plans)
            per_post_known_words.extend([(time.perf_counter() - started) / len(batch)] * len(batch))
    busy_seconds = time.perf_counter() - started_all
    # The same probe with nothing running, as long: what the machine itself adds; and with
    # the worker spinning plain Python in 100 ms calls: the floor of any work in the worker
    # thread on this machine (the GIL is handed over every 1 ms; a loaded host schedules
    # the woken loop thread late).
    control = min(busy_seconds, 20.0)
    async with LagProbe() as idle:
        await asyncio.sleep(control)
    async with LagProbe() as spinning:
        for _ in range(max(1, round(control / 0.1))):
            await WORKER.run(_spin, 0.1)

    def line(label: str, values: list[float]) -> str:
        if not values:
            return f"{label}: no such rounds"
        figures = latency_figures(values)
        return (
            f"{label}: median {figures['p50']:.2f} ms/post, p99 {figures['p99']:.2f} ms/post, "
            f"round of {args.round}: {percentile(values, 0.5) * args.round * 1000:.0f} ms"
        )

    print("\nindex of the new posts, plans against the archive (cagbot.search.saved)")
    print(line("  rounds bringing new words (plans made again)", per_post_new_words))
    print(line("  rounds of known words (plans kept)", per_post_known_words))
    print(f"  alerts found: {alerts} (saved search x post)")
    blocked = any(lag > 20 for lag in watch.lags)
    print(f"  event loop while matching ({SLICE} queries per worker turn): {watch.summary()}")
    print(f"  event loop with nothing running: {idle.summary()}")
    print(f"  event loop while the worker spins plain Python: {spinning.summary()}")
    print(f"  blocked over 20 ms at least once while matching: {'YES' if blocked else 'no'}")

    # The naive rescan, on a sample of the saved queries, one round (the last), scaled.
    sample = queries[: args.naive_sample]
    batch = rounds[-1]
    new_ids = {post.id for post in batch}
    started = time.perf_counter()
    async with LagProbe() as naive_watch:
        slices = [sample[i : i + SLICE] for i in range(0, len(sample), SLICE)]
        found_naive: dict[int, tuple[int, ...]] = {}
        for part in slices:
            found_naive.update(await WORKER.run(naive, archive, part, new_ids))
    elapsed = time.perf_counter() - started
    scale = len(queries) / len(sample)
    per_post = elapsed * scale / len(batch)
    found_ours = await match_in_worker(archive, batch, sample, Plans())
    ours = sum(len(hits) for hits in found_ours.values())
    theirs = sum(len(hits) for hits in found_naive.values())
    print(f"\nnaive rescan (every saved query searched over all {len(archive)} posts)")
    print(
        f"  {elapsed * 1000:.0f} ms for {len(sample)} queries x 1 round of {len(batch)}; "
        f"scaled to {len(queries)} queries: {elapsed * scale:.1f} s a round, "
        f"{per_post * 1000:.1f} ms/post"
    )
    print(
        f"  alerts on that sample and round: naive {theirs}, index of new posts {ours} "
        "(the naive top 20 misses new posts that rank below older ones)"
    )
    print(f"  event loop (also in the worker): {naive_watch.summary()}")
    ratio = (per_post * 1000) / max(percentile(per_post_new_words or [1e-9], 0.5) * 1000, 1e-9)
    print(f"\nnaive / ours (median, rounds bringing new words): {ratio:.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=1_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--round", type=int, default=100)
    parser.add_argument("--naive-sample", type=int, default=1_000)
    asyncio.run(run(parser.parse_args()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
