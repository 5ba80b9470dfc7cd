"""Content in several languages: what versions and cached machine translations cost.

Run: python bench/languages_bench.py [--posts N]

Builds a database of N posts (a third with sv/en/ru versions, a third with cached machine
translations, a third with neither) and prints medians and p99 of what readers wait for:
a /latest page read (5 posts with their versions and translations attached), reading every
post for the search index at start-up, rendering a post block per language, and the
translation job's throughput against the loopback fake LibreTranslate (rate limit lifted).
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
from cagbot.models import PostDraft, Version
from cagbot.settings import LANGUAGES
from cagbot.store import Store
from cagbot.store.post_rows import SELECT_POSTS, row_to_post
from cagbot.translate import LibreTranslate, TranslationJob
from cagbot.translate.fake import FakeTranslate
from cagbot.views import post_block


def _figures(name: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(
        f"{name:<44} median {statistics.median(samples) * 1000:8.3f} ms   p99 {p99 * 1000:8.3f} ms"
    )


def _draft(number: int) -> PostDraft:
    versions = {}
    if number % 3 == 0:
        versions = {
            "en": Version(title=f"Youth camp number {number}", summary="Young people meet."),
            "ru": Version(title=f"Молодёжный лагерь №{number}", summary="Встреча молодёжи."),
        }
    return PostDraft(
        key=f"ungdomsläger {number}",
        title=f"Ungdomsläger nummer {number}",
        summary=f"Unga från Osh och Malmö träffas för {number}:e gången.",
        language="sv",
        source="bench",
        versions=versions,
    )


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        store = await Store.open(Path(directory) / "bench.db")
        try:
            await store.posts.upsert_many(_draft(n) for n in range(count))
            for number in range(1, count, 3):
                await store.translations.put(
                    "sv", "ru", f"Ungdomsläger nummer {number}", f"[ru] лагерь {number}"
                )
            samples = []
            for page in range(200):
                start = time.perf_counter()
                await store.posts.latest(limit=5, offset=(page * 5) % count)
                samples.append(time.perf_counter() - start)
            _figures(f"/latest page read (5 of {count} posts)", samples)
            samples = []
            for _ in range(5):
                start = time.perf_counter()
                posts = await store.posts.all()
                samples.append(time.perf_counter() - start)
            _figures(f"read all {count} posts (start-up index)", samples)
            samples = []
            for _ in range(5):
                start = time.perf_counter()
                rows = await store.db.fetchall(SELECT_POSTS + " ORDER BY p.id")
                [row_to_post(row) for row in rows]
                samples.append(time.perf_counter() - start)
            _figures("  the same without versions (baseline)", samples)
            i18n, lexicon = I18n.load(), load_lexicon()
            for language in LANGUAGES:
                t = i18n.get(language)
                samples = []
                for post in posts[:600]:
                    start = time.perf_counter()
                    post_block(t, lexicon, post)
                    samples.append(time.perf_counter() - start)
                _figures(f"render post block ({language})", samples)
            fake = FakeTranslate()
            await fake.start()
            client = LibreTranslate(fake.url)
            try:
                job = TranslationJob(store, client, LANGUAGES, per_minute=100_000)
                start = time.perf_counter()
                report = await job.run_once(batch=300)
                elapsed = time.perf_counter() - start
                print(
                    f"translation job: {report.translated} texts in {elapsed:.2f} s "
                    f"({report.translated / elapsed:.0f} texts/s, fake server on loopback)"
                )
            finally:
                await client.close()
                await fake.stop()
        finally:
            await store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=3000)
    asyncio.run(main(parser.parse_args().posts))
