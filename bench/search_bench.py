"""Search benchmark: index build time, query latency and memory at growing corpus sizes.

Posts are generated from the imported seed posts and curated opportunities: sentences
shuffled, and words drawn from a Zipf-distributed pool of synthetic words mixed in, so the
vocabulary grows with the corpus as real content's does. Each size runs in a fresh process
so peak memory (ru_maxrss) belongs to that size alone.

    python bench/search_bench.py [--sizes 1000,10000,100000] [--rounds 5]

Latency is "cold": the engine's query-plan cache is cleared before every query, so typo
lookups in the vocabulary are paid each time. "warm" repeats the query with the plan cached.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

QUERIES = [
    "стажировка",
    "stazhirovka",
    "praktik",
    "internship",
    "internshp",
    "permaculutre",
    "tajikstan",
    "Таджикистан",
    "Новый ритм",
    "Osh",
    "HBTQ Kazakstan",
    "parental leave",
    "декретный отпуск",
    "social coffee shop",
    "радикализация",
    "suicide theatre",
    "youth workers Poland",
    "Malmö",
    "klimataktivist residens",
    "Kyrgystan permaculture",
    "bitcoin price",
    "футбол",
    "recipe for pizza",
    "iphone 15 pro",
]

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


async def _seed_posts() -> list:  # type: ignore[type-arg]
    from cagbot.content import import_sources
    from cagbot.paths import opportunities_file, seed_files
    from cagbot.store import Store

    with tempfile.TemporaryDirectory() as directory:
        store = await Store.open(Path(directory) / "bench.db")
        try:
            sources = [*seed_files()]
            if opportunities_file().exists():
                sources.append(opportunities_file())
            await import_sources(store, sources)
            return list(await store.posts.all())
        finally:
            await store.close()


def generate(seeds: list, size: int, rng: random.Random) -> list:  # type: ignore[type-arg]
    pool = ["".join(rng.choice(_LETTERS) for _ in range(rng.randint(4, 11))) for _ in range(size)]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(pool))))
    posts = []
    for post_id in range(1, size + 1):
        base = seeds[post_id % len(seeds)]
        sentences = _SENTENCE.split(base.summary)
        rng.shuffle(sentences)
        extra = rng.choices(pool, cum_weights=cumulative, k=6)
        summary = " ".join(sentences) + " " + " ".join(extra[1:])
        posts.append(
            replace(
                base,
                id=post_id,
                key=f"{base.key}-{post_id}",
                title=f"{base.title} {extra[0]}",
                summary=summary,
            )
        )
    return posts


def run_one(size: int, rounds: int) -> dict[str, float]:
    from cagbot.lexicon import load_lexicon
    from cagbot.search import SearchEngine

    rng = random.Random(size)
    posts = generate(asyncio.run(_seed_posts()), size, rng)
    lexicon = load_lexicon()
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started = time.perf_counter()
    engine = SearchEngine.from_posts(posts, lexicon)
    build = time.perf_counter() - started
    gc.collect()
    gc.freeze()  # the index is long-lived: keep it out of the GC's generations (shared/notes)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    engine.search("warm up the interpreter")  # lazy imports and first-call costs, once
    cold: list[float] = []
    warm: list[float] = []
    hits = 0
    for _ in range(rounds):
        for query in QUERIES:
            engine.clear_cache()
            started = time.perf_counter()
            result = engine.search(query, limit=5)
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            engine.search(query, limit=5)
            warm.append(time.perf_counter() - started)
            hits += bool(result.hits)

    upsert_started = time.perf_counter()
    for post in posts[:200]:
        engine.upsert(replace(post, summary=post.summary + " updated"))
    upsert = (time.perf_counter() - upsert_started) / 200

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {
        "size": size,
        "build_s": build,
        "cold_median_ms": statistics.median(cold) * 1000,
        "cold_p99_ms": pct(cold, 0.99),
        "warm_median_ms": statistics.median(warm) * 1000,
        "warm_p99_ms": pct(warm, 0.99),
        "upsert_ms": upsert * 1000,
        "rss_corpus_mb": rss_before / 1024,
        "rss_peak_mb": rss_after / 1024,
        "index_mb": (rss_after - rss_before) / 1024,
        "queries_with_hits": hits / rounds,
        "queries": len(QUERIES),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.rounds)))
        return 0

    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        completed = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--rounds", str(args.rounds)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(completed.stdout.strip().splitlines()[-1]))
        print(f"... {size} done", file=sys.stderr)

    header = (
        f"{'posts':>7} {'build s':>8} {'cold med':>9} {'cold p99':>9} {'warm med':>9}"
        f" {'warm p99':>9} {'upsert':>7} {'corpus MB':>10} {'peak MB':>8} {'index MB':>9}"
        f" {'hits':>6}"
    )
    print(header)
    for row in rows:
        print(
            f"{row['size']:>7} {row['build_s']:>8.2f} {row['cold_median_ms']:>8.2f}m"
            f" {row['cold_p99_ms']:>8.2f}m {row['warm_median_ms']:>8.2f}m"
            f" {row['warm_p99_ms']:>8.2f}m"
            f" {row['upsert_ms']:>6.2f}m {row['rss_corpus_mb']:>10.0f} {row['rss_peak_mb']:>8.0f}"
            f" {row['index_mb']:>9.0f} {row['queries_with_hits']:>3.0f}/{row['queries']}"
        )
    print("latencies in ms (m); cold = query-plan cache cleared before each query")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
