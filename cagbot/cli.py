"""The ``cagbot`` command: operator tasks and running the bot.

Each sub-command loads the settings once (a bad value stops here with one line naming it),
opens the store where it needs one, and closes it again.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import inspect
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cagbot import __version__
from cagbot.cli_database import add_database_commands, prepare_database
from cagbot.cli_errors import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    check_token,
    explain,
    say_failure,
    use_json_errors,
)
from cagbot.lexicon import load_lexicon
from cagbot.logs import add_secret, configure_logging
from cagbot.models import Post
from cagbot.settings import (
    LANGUAGES,
    Settings,
    SettingsError,
    load_settings,
    unknown_settings,
)
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

# Most commands are coroutines run with asyncio.run; `run` is plain, because it owns its
# event loop and the signal handlers.
Command = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int] | int]


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


async def _with_store(
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

    return await _with_store(settings, body, migrate=True)


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

    return await _with_store(settings, body)


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

    return await _with_store(settings, body)


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

    return await _with_store(settings, body)


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

    return await _with_store(settings, show)


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.token is None:
        say_failure(
            "CAGBOT_TOKEN is not set: get a token from @BotFather and put it in the environment "
            "or .env.\nTo try the bot offline without a token, run `cagbot demo`."
        )
        return EXIT_USAGE
    if args.webhook and settings.webhook_url is None:
        say_failure(
            "CAGBOT_WEBHOOK_URL is not set: give the public https:// URL Telegram should "
            "post updates to (e.g. https://bot.example.org/telegram)."
        )
        return EXIT_USAGE
    # A rejected token or an unreachable Bot API: one line (TokenRejected/NetworkError
    # reach main), rather than PTB's traceback from inside its start-up.
    asyncio.run(check_token(settings, need_network=True))
    mode = "webhook" if args.webhook else "polling"
    schema, made_by = asyncio.run(prepare_database(settings))
    logging.getLogger("cagbot").info(
        "cagbot %s starting: mode %s, database %s, schema %d (migrated by cagbot %s)",
        __version__,
        mode,
        settings.database.absolute(),
        schema,
        made_by or "?",
        extra={"version": __version__, "mode": mode, "schema": schema},
    )
    if args.webhook:
        from cagbot.webhook import run_webhook

        run_webhook(settings)
    else:
        from cagbot.polling import run_polling

        # Stops on SIGINT/SIGTERM within CAGBOT_SHUTDOWN_TIMEOUT, post_shutdown included.
        run_polling(settings)
    logging.getLogger("cagbot").info("cagbot stopped")
    return EXIT_OK


async def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from cagbot.demo import run_demo

    if settings.log_level == "INFO":
        # The terminal is the chat window: only problems interrupt it.
        logging.getLogger().setLevel(logging.WARNING)
    return await run_demo(settings, language=args.lang, script=args.script)


async def cmd_broadcast(settings: Settings, args: argparse.Namespace) -> int:
    from cagbot.notify import Audience, BroadcastError, BroadcastService, broadcast_from_cli

    texts = {
        key: value
        for key, value in (("*", args.text), ("sv", args.sv), ("en", args.en), ("ru", args.ru))
        if value
    }
    if args.language:
        audience = Audience("language", args.language)
    elif args.topic:
        audience = Audience("topic", args.topic)
    else:
        audience = Audience()

    async def preview(store: Store) -> int:
        shown = await BroadcastService(store, settings.default_language).preview(texts, audience)
        print(
            f"{shown.recipients} recipient(s): "
            + ", ".join(
                f"{language} {count}" for language, count in sorted(shown.by_language.items())
            )
        )
        # Exactly what each language is sent, with the 🌐 mark a foreign text carries.
        for language, text in shown.received.items():
            if shown.by_language.get(language):
                print(f"--- {language} ---\n{text}")
        print(
            "urgent: rings during quiet hours"
            if args.urgent
            else "not urgent: during quiet hours silent, or held until morning (--urgent)"
        )
        print(
            "do not forward: sent with protect_content"
            if args.protect
            else "may be forwarded (--protect to prevent it)"
        )
        return EXIT_OK

    try:
        if not args.yes:
            code = await _with_store(settings, preview)
            print("Nothing sent: add --yes to send.")
            return code
        if settings.token is not None:
            await check_token(settings)  # before anything is queued
        report = await broadcast_from_cli(
            settings, texts, audience, urgent=args.urgent, protect=args.protect
        )
    except BroadcastError as error:
        say_failure(f"cagbot broadcast: {error}")
        return EXIT_USAGE
    audit = report.audit
    print(
        f"broadcast #{report.broadcast_id}: {report.recipients} recipient(s): "
        f"{audit.sent_here} sent by this run, {audit.sent_elsewhere} sent by another process, "
        f"{audit.handed_over} handed over to another live process (it delivers them), "
        f"{audit.blocked} blocked the bot, {audit.failed} failed, "
        f"{audit.left} left with nobody to send them ({audit.retrying} still retrying)"
    )
    return EXIT_OK if report.ok else EXIT_FAILURE


# -- argument parsing --------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cagbot",
        description="Telegram bot for Centralasiengrupperna: posts, opportunities and "
        "notifications in Swedish, English and Russian. Configured by CAGBOT_* environment "
        "variables or a .env file (see README).",
    )
    parser.add_argument("--version", action="version", version=f"cagbot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        return command

    command = add(
        "import",
        cmd_import,
        "Import post listings (.txt), RSS/Atom feeds (file or URL), WordPress sites "
        "(https://site/: the whole archive through the REST API, else the feed) and opportunity "
        "files (.toml) into the database; idempotent. Give at least one source, e.g. "
        "https://centralasien.se/; --sample loads the bundled sample content.",
    )
    command.add_argument("sources", nargs="*", metavar="PATH_OR_URL")
    command.add_argument(
        "--sample",
        action="store_true",
        help="also load the bundled SAMPLE content (a blog listing snapshot and illustrative "
        "opportunities with invented deadlines): for trying the bot, not for real users",
    )
    command.add_argument("-v", "--verbose", action="store_true", help="list every item")

    command = add("posts", cmd_posts, "List the newest posts.")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.add_argument("--limit", type=_positive, default=50, help="how many (default 50)")

    command = add("opportunities", cmd_opportunities, "List open opportunities.")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.add_argument("--all", action="store_true", help="include closed and past ones")
    command.add_argument(
        "--export",
        metavar="FILE",
        help="write every curated opportunity (also those made in Telegram) as TOML that "
        "`cagbot import` reads back ('-' for stdout)",
    )

    command = add("search", cmd_search, "Search posts and opportunities as the bot does.")
    command.add_argument("query")
    command.add_argument("--lang", choices=LANGUAGES, help="the asker's language (a tie-break)")
    command.add_argument("--limit", type=_positive, default=5, help="how many results (default 5)")
    command.add_argument("--json", action="store_true", help="print JSON")

    command = add(
        "run",
        cmd_run,
        "Run the bot until SIGTERM/SIGINT; needs CAGBOT_TOKEN. Long polling by default.",
    )
    command.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates on CAGBOT_WEBHOOK_URL instead (HTTP server on "
        "CAGBOT_LISTEN:CAGBOT_PORT, health check at GET /healthz)",
    )

    command = add(
        "demo",
        cmd_demo,
        "Run the bot offline against a local Bot API emulator with the bundled content, "
        "and chat with it from the terminal.",
    )
    command.add_argument(
        "--lang", choices=LANGUAGES, help="your Telegram language (asked if not given)"
    )
    command.add_argument(
        "--script",
        type=argparse.FileType("r", encoding="utf-8"),
        help="read the conversation from this file instead of the terminal ('-' for stdin)",
    )

    command = add(
        "broadcast",
        cmd_broadcast,
        "Send a staff announcement to subscribers (audited). Without --yes, show the "
        "recipients and the text each language gets, and send nothing. Needs CAGBOT_TOKEN. "
        "Safe while the bot runs (one outbox): the report says what this run sent and what it "
        "handed over to the bot; exit 0 unless deliveries are left with nobody to send them.",
    )
    command.add_argument("--text", help="the text for everyone (plain text, not HTML)")
    command.add_argument("--sv", help="the text for Swedish readers")
    command.add_argument("--en", help="the text for English readers")
    command.add_argument("--ru", help="the text for Russian readers")
    audience = command.add_mutually_exclusive_group()
    audience.add_argument("--language", choices=LANGUAGES, help="only readers of this language")
    audience.add_argument(
        "--topic", choices=load_lexicon().topic_slugs(), help="only subscribers of this topic"
    )
    command.add_argument(
        "--urgent",
        action="store_true",
        help="ring even during subscribers' quiet hours (otherwise silent at night, or held "
        "until morning for those who chose so)",
    )
    command.add_argument(
        "--protect",
        action="store_true",
        help="do not forward: send every message with protect_content",
    )
    command.add_argument("--yes", action="store_true", help="send it")

    command = add(
        "stats",
        cmd_stats,
        "Aggregate figures for reports: subscribers by language, topic, month and chat type; "
        "deliveries per broadcast. Counts only, no personal data.",
    )
    command.add_argument("--csv", action="store_true", help="write CSV to stdout")

    add_database_commands(add, _positive)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        # The format setting may be what is wrong: JSON if the environment asks for it.
        if os.environ.get("CAGBOT_LOG_FORMAT", "").strip().lower() == "json":
            configure_logging("INFO", "json")
            use_json_errors(True)
        say_failure(f"cagbot: {error}")
        return EXIT_USAGE
    configure_logging(settings.log_level, settings.log_format)
    use_json_errors(settings.log_format == "json")
    for warning in unknown_settings():
        logging.getLogger("cagbot").warning("%s", warning)
    for secret in (settings.token, settings.webhook_secret, settings.stt_key):
        add_secret(secret.get_secret_value() if secret is not None else None)
    handler: Command = args.handler
    try:
        outcome = handler(settings, args)
        if inspect.iscoroutine(outcome):
            return int(asyncio.run(outcome))
        assert isinstance(outcome, int)
        return outcome
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as error:
        line = explain(error, settings)
        if line is None:
            # A bug: the traceback is for the developers, masked by the logging filter.
            logging.getLogger("cagbot").critical(
                "cagbot %s stopped by an unexpected error", args.command, exc_info=True
            )
            return EXIT_FAILURE
        say_failure(f"cagbot {args.command}: {line}")
        return EXIT_FAILURE
