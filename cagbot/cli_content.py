"""The content commands of ``cagbot``: import, posts, opportunities, search and stats, and
``with_store``, how every command opens the database. :mod:`cagbot.cli` declares their
arguments and runs them."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cagbot.cli_errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, say_failure
from cagbot.lexicon import load_lexicon
from cagbot.models import Post
from cagbot.settings import Settings
from cagbot.store import Store

if TYPE_CHECKING:
    from cagbot.search import SearchEngine

# `cagbot import` with nothing to import: production must never get the sample by default.
IMPORT_NEEDS_A_SOURCE = (
    "cagbot import: nothing to import. Give a source: a feed URL "
    "(e.g. https://centralasien.se/feed/), listing (.txt), feed (.xml) or opportunity (.toml) "
    "files; or --sample to load the bundled sample content (invented deadlines: for trying "
    "the bot only)."
)


def _post_json(post: Post, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": post.id,
        "title": post.title,
        "url": post.url,
        "language": post.language,
        "kind": post.kind,
        "published": post.published.isoformat() if post.published else None,
        "topics": list(post.topics),
        "countries": list(post.countries),
        "summary": post.summary,
    }
    if post.opportunity is not None:
        details = post.opportunity
        data["opportunity"] = {
            "type": details.type,
            "location": details.location,
            "duration": details.duration,
            "deadline": details.deadline.isoformat() if details.deadline else None,
            "how_to_apply": details.how_to_apply,
            "apply_url": details.apply_url,
            "is_open": details.is_open,
            "titles": details.titles,
        }
    data.update(extra)
    return data


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _post_line(post: Post) -> str:
    marker = "*" if post.kind == "opportunity" else " "
    return f"{post.id:>5} {marker} [{post.language}] {post.title}"


async def with_store(
    settings: Settings, body: Callable[[Store], Awaitable[int]], *, migrate: bool = False
) -> int:
    """Run ``body`` on the database. Only ``migrate`` and ``import`` pass ``migrate=True``
    (creating a missing database, migrating an old one); every other command refuses a
    missing database or a schema other than this cagbot's, with one line."""
    store = await Store.open(settings.database, migrate=migrate, create=migrate, backup=migrate)
    try:
        return await body(store)
    finally:
        await store.close()


# -- sub-commands ------------------------------------------------------------------------


async def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from cagbot.content import import_sources
    from cagbot.paths import opportunities_file, seed_files

    sources: list[str | Path] = list(args.sources)
    if args.sample:
        # Invented deadlines and CAG's real address: for trying the bot, never for real users.
        sources += [*seed_files(), opportunities_file()]
    if not sources:
        say_failure(IMPORT_NEEDS_A_SOURCE)
        return EXIT_USAGE

    async def body(store: Store) -> int:
        if args.sample:  # said once the database is known to be usable
            print(
                "Loading the SAMPLE content (illustrative opportunities with invented deadlines)."
            )
        report = await import_sources(store, sources)
        if args.verbose:
            for item in report.items:
                reason = f" ({item.reason})" if item.reason else ""
                print(f"{item.outcome:>9}  {item.title or '-'}{reason}  [{item.source}]")
        else:
            # Why something failed is said without -v: one line per failure, on stderr.
            for item in report.items:
                if item.outcome == "failed":
                    what = f"{item.title}  [{item.source}]" if item.title else item.source
                    print(f"failed: {what}: {item.reason or 'no reason given'}", file=sys.stderr)
        if report.added:  # before the summary, which stays the last line
            print(await _who_announces(store, report.added))
        print(report.summary())
        return EXIT_FAILURE if report.failed and not (report.added or report.unchanged) else EXIT_OK

    return await with_store(settings, body, migrate=True)


async def _who_announces(store: Store, added: int) -> str:
    """Whether a running bot will announce what an import added (it looks every few
    seconds: cagbot.notify.watch), or the bot at its next start."""
    import time

    from cagbot.health import DEFAULT_MAX_AGE

    beat = await store.heartbeat.latest()
    running = beat is not None and beat.stopped_at is None
    if running and beat is not None and time.time() - beat.beat_at <= DEFAULT_MAX_AGE:
        return (
            f"The running bot will announce {added} new post{'s' * (added != 1)} "
            "and find them in search within seconds."
        )
    return f"The bot will announce {added} new post{'s' * (added != 1)} when it starts."


async def cmd_posts(settings: Settings, args: argparse.Namespace) -> int:
    async def body(store: Store) -> int:
        posts = await store.posts.latest(limit=args.limit)
        if args.json:
            _print_json([_post_json(post) for post in posts])
        elif not posts:
            print("No posts yet: run `cagbot import https://centralasien.se/feed/` (or --sample).")
        else:
            for post in posts:
                print(_post_line(post))
        return EXIT_OK

    return await with_store(settings, body)


async def cmd_opportunities(settings: Settings, args: argparse.Namespace) -> int:
    async def body(store: Store) -> int:
        if args.export:
            from cagbot.notify.calls import export_toml

            text = await export_toml(store)
            if args.export == "-":
                sys.stdout.write(text)
            else:
                await asyncio.to_thread(Path(args.export).write_text, text, encoding="utf-8")
                print(f"wrote {args.export}")
            return EXIT_OK
        today = datetime.now(UTC).date()
        posts = await store.posts.opportunities(
            open_on=None if args.all else today, max_age_days=settings.opportunity_max_age_days
        )
        if args.json:
            _print_json([_post_json(post) for post in posts])
        elif not posts:
            print("No open opportunities.")
        else:
            for post in posts:
                details = post.opportunity
                deadline = details.deadline.isoformat() if details and details.deadline else "-"
                kind = details.type if details else "?"
                print(f"{_post_line(post)}  ({kind}, deadline {deadline})")
        return EXIT_OK

    return await with_store(settings, body)


async def _search_engine(store: Store) -> SearchEngine | None:
    """The index from the database's snapshot brought up to date with what changed since,
    else built from the posts and saved as the new snapshot (so only the first search
    ever, or after a lexicon change, pays a full build)."""
    from cagbot.search import persist

    if await store.posts.count() == 0:
        return None
    return await persist.load(store, load_lexicon())


async def cmd_search(settings: Settings, args: argparse.Namespace) -> int:
    async def body(store: Store) -> int:
        engine = await _search_engine(store)
        if engine is None:
            say_failure("No posts yet: run `cagbot import` first.")
            return EXIT_FAILURE
        today = datetime.now(UTC).date()
        result = engine.search(
            args.query,
            limit=args.limit,
            language=args.lang,
            prefer=lambda post: post.call_status(today) in (None, "open"),  # as the bot ranks
        )
        hits = await store.posts.get_many([hit.post_id for hit in result.hits])
        by_id = {post.id: post for post in hits}
        if args.json:
            _print_json(
                [_post_json(by_id[hit.post_id], score=round(hit.score, 1)) for hit in result.hits]
            )
            return EXIT_OK
        for hit in result.hits:
            print(f"{hit.score:5.1f} {_post_line(by_id[hit.post_id])}")
        if result.hits and result.searched:
            print(f"I searched for: {' '.join(result.searched)}")
        elif result.hits and result.partial:
            print("(these match only some of the words)")
        if not result.hits:
            print("No match.")
        if result.unknown and not result.hits:
            print(f"Nothing about {', '.join(result.unknown)} yet.")
        if result.suggestion:
            print(f"Did you mean: {result.suggestion}")
        return EXIT_OK

    return await with_store(settings, body)


async def cmd_stats(settings: Settings, args: argparse.Namespace) -> int:
    async def show(store: Store) -> int:
        figures = await store.figures.all(settings.default_language)
        if args.csv:
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(["figure", "key", "count"])
            writer.writerows((f.figure, f.key, f.count) for f in figures)
        else:
            for f in figures:
                print(f"{f.figure:<26} {f.key:<36} {f.count:>8}")
        return EXIT_OK

    return await with_store(settings, show)
