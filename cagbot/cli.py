"""The ``cagbot`` command: operator tasks and running the bot.

Each sub-command loads the settings once (a bad value stops here with one line naming it),
opens the store where it needs one, and closes it again. This module declares every
command's arguments and runs them; the content commands (import, posts, opportunities,
search, stats) are in :mod:`cagbot.cli_content`, the database ones in :mod:`cagbot.cli_database`.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import logging
import os
from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from cagbot import __version__
from cagbot.cli_errors import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    explain,
    say_failure,
    use_json_errors,
)
from cagbot.logs import add_secret, configure_logging
from cagbot.settings import (
    LANGUAGES,
    Settings,
    SettingsError,
    load_settings,
    unknown_settings,
)

if TYPE_CHECKING:
    from cagbot.store import Store

# Most commands are coroutines run with asyncio.run; `run` is plain, because it owns its
# event loop and the signal handlers.
Command = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int] | int]


def _later(module: str, name: str) -> Command:
    """A command whose module is imported only when that command runs: ``cagbot run``
    does not pay for the import, stats or database commands' code (start-up time,
    bench/startup_bench.py), nor they for each other's."""

    def command(settings: Settings, args: argparse.Namespace) -> Coroutine[Any, Any, int] | int:
        handler: Command = getattr(importlib.import_module(module), name)
        return handler(settings, args)

    command.__name__ = command.__qualname__ = name
    return command


cmd_import = _later("cagbot.cli_content", "cmd_import")
cmd_posts = _later("cagbot.cli_content", "cmd_posts")
cmd_opportunities = _later("cagbot.cli_content", "cmd_opportunities")
cmd_search = _later("cagbot.cli_content", "cmd_search")
cmd_stats = _later("cagbot.cli_content", "cmd_stats")


# -- sub-commands ------------------------------------------------------------------------


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
    from cagbot.cli_database import prepare_database
    from cagbot.cli_errors import check_token

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
    from cagbot.cli_content import with_store
    from cagbot.cli_errors import check_token
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
            code = await with_store(settings, preview)
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
    from cagbot.cli_database import add_database_commands
    from cagbot.lexicon import load_lexicon

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
