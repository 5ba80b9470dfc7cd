"""Import speed and memory: 10,000 posts as a listing, as an RSS feed and as a WordPress
site's REST API (served on loopback, 100 posts a page, with featured images and terms).

Run: python bench/import_bench.py [--posts N] [--no-trace] [--cases txt,xml,json]

Posts are variations of the seed posts (new titles, shuffled sentences, some Russian).
Each case runs in its own process so that ru_maxrss belongs to that case alone: a timed
import into a fresh database, a timed re-import (everything unchanged), then an import
under tracemalloc for the Python heap peak (tracemalloc slows it, so it is not timed;
``--no-trace`` leaves it out, ru_maxrss is the process's peak either way). Besides the
wall-clock rate, posts per CPU second (all threads of the process and of its worker
processes, cagbot.content.enrich_pool, with their peak memory): on a shared machine
the wall clock measures the neighbours too.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cagbot.content import import_sources, parse_listing
from cagbot.paths import seed_files
from cagbot.store import Store

RUSSIAN = [
    "Общественное объединение «Новый ритм» в Оше проводит тренинги для молодёжи.",
    "Участники обсуждали права человека, гендерное равенство и предотвращение конфликтов.",
    "Проект поддерживают Centralasiengrupperna и партнёры в Кыргызстане.",
    "В этом году мы запускаем пермакультурные инициативы в сёлах Иссык-Куля.",
    "Молодые люди из Бишкека и Оша делились опытом гражданского активизма.",
]
# (before, after) the title: the listing forms of a language marker, and none.
MARKERS = [("", ""), ("", ""), ("[English] ", ""), ("(English) ", ""), ("", " (English)")]


def generate(count: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    bases = [
        (draft.title, draft.summary)
        for path in seed_files()
        for draft in parse_listing(path.read_text(encoding="utf-8"), path.name).drafts
    ]
    posts = []
    for number in range(count):
        title, summary = bases[number % len(bases)]
        if number % 7 == 3:
            sentences = rng.sample(RUSSIAN, 4)
            title = f"Новости из Оша №{number}: {rng.choice(['обмен', 'тренинг', 'лагерь'])}"
            before, after = "", ""
        else:
            sentences = summary.rstrip("…").split(". ")
            rng.shuffle(sentences)
            title = f"{title} – part {number}"
            before, after = MARKERS[number % len(MARKERS)]
        text = ". ".join(sentences)
        ending = rng.choice([" […]", " [...]", "...", "…", ""])
        posts.append((before + title + after, text + ending))
    return posts


def write_listing(posts: list[tuple[str, str]], path: Path) -> None:
    path.write_text("".join(f"{title}\n\n{summary}\n\n" for title, summary in posts), "utf-8")


def write_feed(posts: list[tuple[str, str]], path: Path) -> None:
    start = datetime(2019, 1, 1, tzinfo=UTC)
    items = []
    for number, (title, summary) in enumerate(posts):
        moment = format_datetime(start + timedelta(hours=number))
        items.append(
            f"<item><title>{html.escape(title)}</title>"
            f"<link>https://centralasien.se/p/{number}/</link>"
            f"<pubDate>{moment}</pubDate>"
            f"<category><![CDATA[Kyrgyzstan]]></category>"
            f'<guid isPermaLink="false">https://centralasien.se/?p={number}</guid>'
            f"<description><![CDATA[<p>{html.escape(summary)}</p>]]></description>"
            f"<content:encoded><![CDATA[<p>{html.escape(summary)}</p>]]></content:encoded>"
            f"</item>\n"
        )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>CAG</title><link>https://centralasien.se</link>"
        "<description>bench</description>\n" + "".join(items) + "</channel></rss>\n",
        "utf-8",
    )


def write_wordpress(posts: list[tuple[str, str]], path: Path) -> None:
    """The posts as /wp-json/wp/v2/posts?_embed items (the shape of a real answer)."""
    import json

    start = datetime(2019, 1, 1, tzinfo=UTC)
    items = []
    for number, (title, summary) in enumerate(posts):
        moment = (start + timedelta(hours=number)).strftime("%Y-%m-%dT%H:%M:%S")
        link = f"https://centralasien.se/{number}/"
        items.append(
            {
                "id": number + 1, "date_gmt": moment, "modified_gmt": moment,
                "guid": {"rendered": f"https://centralasien.se/?p={number + 1}"}, "link": link,
                "title": {"rendered": html.escape(title)},
                "excerpt": {"rendered": f"<p>{html.escape(summary)}</p>"},
                "lang": "ru" if number % 7 == 3 else "sv",
                "_embedded": {
                    "wp:featuredmedia": [{"source_url": f"https://centralasien.se/u/{number}.jpg"}],
                    "wp:term": [[{"taxonomy": "category", "name": "Kyrgyzstan"}], []],
                },
            }
        )  # fmt: skip
    path.write_text(json.dumps(items), "utf-8")


async def run_wordpress_case(source: Path, workdir: Path) -> None:
    import json

    from aiohttp import web

    from cagbot.content.importer import import_site

    items = json.loads(await asyncio.to_thread(source.read_text, "utf-8"))

    async def home(_: web.Request) -> web.Response:
        return web.Response(
            text="<html></html>", headers={"Link": f'<{base}/wp-json/>; rel="https://api.w.org/"'}
        )

    async def posts_page(request: web.Request) -> web.Response:
        per_page, page = int(request.query["per_page"]), int(request.query.get("page", "1"))
        pages = -(-len(items) // per_page)
        body = items[(page - 1) * per_page : page * per_page]
        return web.json_response(body, headers={"X-WP-TotalPages": str(pages)})

    app = web.Application()
    app.router.add_get("/", home)
    app.router.add_get("/wp-json/wp/v2/posts", posts_page)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    try:

        async def once(name: str) -> tuple[float, str, Store]:
            store = await Store.open(workdir / f"{name}.db")
            started, cpu = time.perf_counter(), _cpu()
            report, _ = await import_site(store, base + "/")
            CPU.append(_cpu() - cpu)
            return time.perf_counter() - started, report.summary(), store

        elapsed, summary, store = await once("timed")
        posts = await store.posts.count()
        started = time.perf_counter()
        again, _ = await import_site(store, base + "/")
        reimport = time.perf_counter() - started
        await store.close()
        peak = await _traced(once)
    finally:
        await runner.cleanup()
    _print("wp-rest", posts, elapsed, summary, reimport, again.summary(), peak)


def _peak_rss_kb() -> int:
    """This process's peak resident memory (KiB). Not ru_maxrss: Linux keeps that across
    exec, so a case process reported the parent's peak (the generated files' strings, about
    1 GB at 100k posts) instead of its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu() -> float:
    """CPU seconds of this process (all threads) and of its ended worker processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


#: CPU seconds of the timed import (all threads and workers), appended by each case's first import.
CPU: list[float] = []
TRACE = "--no-trace" not in sys.argv


async def _traced(once: Callable[[str], Awaitable[tuple[float, str, Store]]]) -> int | None:
    """The Python heap's peak during one more import (None with --no-trace)."""
    if not TRACE:
        return None
    tracemalloc.start()
    _, _, traced = await once("traced")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    await traced.close()
    return peak


def _print(
    name: str,
    posts: int,
    elapsed: float,
    summary: str,
    reimport: float,
    again: str,
    peak: int | None,
) -> None:
    maxrss_kb = _peak_rss_kb()
    workers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cpu = CPU[0]
    print(f"{name:>7}: {posts} posts")
    print(
        f"         import   {elapsed:6.2f} s  {posts / elapsed:8.0f} posts/s  "
        f"({posts / cpu:.0f} per CPU second; {summary})"
    )
    print(f"         re-import {reimport:5.2f} s  {posts / reimport:8.0f} posts/s  ({again})")
    traced = "not traced" if peak is None else f"tracemalloc peak {peak / 2**20:.1f} MiB"
    # A spawned worker's ru_maxrss starts from its parent's at the fork before exec: an
    # upper bound of a worker's own peak.
    workers = f", workers' ru_maxrss at most {workers_kb / 1024:.1f} MiB" if workers_kb else ""
    print(f"         {traced}, peak RSS {maxrss_kb / 1024:.1f} MiB{workers}")


async def run_case(source: Path, workdir: Path) -> None:
    async def once(name: str) -> tuple[float, str, Store]:
        store = await Store.open(workdir / f"{name}.db")
        started, cpu = time.perf_counter(), _cpu()
        report = await import_sources(store, [source])
        CPU.append(_cpu() - cpu)
        return time.perf_counter() - started, report.summary(), store

    elapsed, summary, store = await once("timed")
    posts = await store.posts.count()
    started = time.perf_counter()
    again = await import_sources(store, [source])
    reimport = time.perf_counter() - started
    await store.close()
    peak = await _traced(once)
    _print(source.suffix[1:], posts, elapsed, summary, reimport, again.summary(), peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--case", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc run")
    parser.add_argument(
        "--cases", default="txt,xml,json", help="which of txt (listing), xml, json (WordPress)"
    )
    args = parser.parse_args()
    if args.case:
        runner = run_wordpress_case if args.case.suffix == ".json" else run_case
        asyncio.run(runner(args.case, args.case.parent))
        return
    with tempfile.TemporaryDirectory(prefix="cagbot-bench-") as tmp:
        workdir = Path(tmp)
        posts = generate(args.posts)
        listing, feed = workdir / "listing" / "posts.txt", workdir / "feed" / "posts.xml"
        wordpress = workdir / "wordpress" / "posts.json"
        for path in (listing, feed, wordpress):
            path.parent.mkdir()
        write_listing(posts, listing)
        write_feed(posts, feed)
        write_wordpress(posts, wordpress)
        for path in (listing, feed, wordpress):
            print(f"  {path.name}: {path.stat().st_size / 2**20:.1f} MB")
        print(
            f"cagbot import benchmark: {len(posts)} generated posts, "
            f"Python {sys.version.split()[0]}"
        )
        for case in (listing, feed, wordpress):
            if case.suffix[1:] not in args.cases.split(","):
                continue
            flags = ["--no-trace"] if args.no_trace else []
            subprocess.run([sys.executable, __file__, "--case", str(case), *flags], check=True)


if __name__ == "__main__":
    main()
