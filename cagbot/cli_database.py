"""The ``cagbot`` commands that look after the database file itself: ``migrate``,
``backup``, ``restore`` and ``health`` (issue 23), and the database step of ``run``.

Only ``migrate`` (and ``run``, ``import``) create a database or change its schema; the
others take it as it is (docs/deploy.md, Upgrade and Rollback).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cagbot import __version__
from cagbot.cli_errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, say_failure
from cagbot.health import (
    BEAT_EVERY,
    CONFIRM_WITHIN,
    DEFAULT_MAX_AGE,
    DEFAULT_RETRYING_AFTER,
    DEFAULT_STUCK_AFTER,
)
from cagbot.settings import Settings
from cagbot.store import Store


async def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from cagbot.store import Database, upgrade

    db = await Database.open(settings.database, create=True)
    try:
        done = await upgrade.migrate(db, backup=not args.no_backup)
    finally:
        await db.close()
    if done.backup is not None:
        print(f"backed up schema {done.before} to {done.backup}")
    if done.applied:
        print(
            f"{settings.database}: schema version {done.before} -> {done.after} "
            f"(cagbot {__version__}): applied {', '.join(done.applied)}"
        )
    else:
        print(f"{settings.database}: schema version {done.after}, up to date")
    return EXIT_OK


async def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    target = Path(args.path)
    if await asyncio.to_thread(target.exists):
        say_failure(f"{target} exists; choose a new file name.")
        return EXIT_USAGE

    from cagbot.store import Database
    from cagbot.store.monitoring import MonitoringStore

    # An older schema is copied as it is (what a rollback needs), never migrated; a
    # missing database is an error, never an empty "backup".
    db = await Database.open(settings.database, create=False)
    try:
        await db.refuse_newer()  # this cagbot could not restore it
        await db.backup(target)
        version, made_by = await db.user_version(), await db.migrated_by()
        size = (await asyncio.to_thread(target.stat)).st_size
        # For the metric of the last backup (the table exists from 0.3.0's schema).
        where = await asyncio.to_thread(target.absolute)
        await MonitoringStore(db).record_backup(str(where), size, time.time())
    finally:
        await db.close()
    made = f", cagbot {made_by}" if made_by else ""
    print(f"backed up {settings.database} (schema {version}{made}) to {target}")
    return EXIT_OK


async def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    from cagbot.health import running_bot
    from cagbot.store.restore import restore_async

    running = await running_bot(settings.database)
    if running is not None:
        say_failure(
            f"cagbot restore: {running} is running against {settings.database}: stop it "
            "first (docker compose stop bot / systemctl stop cagbot)"
        )
        return EXIT_FAILURE
    done = await restore_async(Path(args.backup), settings.database, resend=args.resend)
    unknown = (
        f"{done.unknown} of unknown fate {'queued again' if done.resent else 'held as failed'}"
    )
    kept = f"; the replaced database is kept as {done.replaced}" if done.replaced else ""
    if done.subscribers is not None:
        kept = f"; {done.subscribers} subscribers as they are now{kept}"
    print(
        f"restored {args.backup} (schema {done.backup_schema}) to {settings.database}: "
        f"{done.finished_since} deliveries made since the backup will not be sent again, "
        f"{done.still_queued} still queued, {unknown}{kept}"
    )
    return EXIT_OK


async def cmd_health(settings: Settings, args: argparse.Namespace) -> int:
    from cagbot.health import check

    verdict = await check(
        settings.database,
        max_age=args.max_age,
        stuck_after=args.stuck_after * 60.0,
        retrying_after=args.retrying_after * 60.0,
        confirm_within=float(args.confirm_within),
    )
    print(verdict.reason, file=sys.stdout if verdict.ok else sys.stderr)
    return EXIT_OK if verdict.ok else EXIT_FAILURE


async def prepare_database(settings: Settings) -> tuple[int, str | None]:
    """``run`` creates or migrates the database (backing it up first) before it starts,
    as the docs say; the schema version and the release that migrated it, for the log."""
    store = await Store.open(settings.database, migrate=True, create=True, backup=True)
    try:
        return await store.db.user_version(), await store.db.migrated_by()
    finally:
        await store.close()


def add_database_commands(
    add: Callable[[str, Any, str], argparse.ArgumentParser],
    positive: Callable[[str], int],
) -> None:
    """The parsers of ``health``, ``migrate``, ``backup`` and ``restore``."""
    command = add(
        "health",
        cmd_health,
        "Exit 0 if the bot running against CAGBOT_DATABASE (polling or webhook) is alive and "
        "delivering, else 1 with a one-line reason: for container health checks and "
        "monitoring. Reads the database only.",
    )
    command.add_argument(
        "--max-age",
        type=positive,
        default=int(DEFAULT_MAX_AGE),
        metavar="SECONDS",
        help=f"a heartbeat older than this means the bot is down (default "
        f"{DEFAULT_MAX_AGE:.0f}; it beats every {BEAT_EVERY:.0f})",
    )
    command.add_argument(
        "--stuck-after",
        type=positive,
        default=int(DEFAULT_STUCK_AFTER // 60),
        metavar="MINUTES",
        help="deliveries due (or waiting to retry) this long with none delivered (none "
        f"sent) meanwhile: the dispatcher is stuck, or Telegram takes nothing (default "
        f"{DEFAULT_STUCK_AFTER // 60:.0f})",
    )
    command.add_argument(
        "--retrying-after",
        type=positive,
        default=int(DEFAULT_RETRYING_AFTER // 60),
        metavar="MINUTES",
        help="a delivery retrying (5xx, timeouts) this long fails the check (default "
        f"{DEFAULT_RETRYING_AFTER // 60:.0f})",
    )
    command.add_argument(
        "--confirm-within",
        type=float,
        default=CONFIRM_WITHIN,
        metavar="SECONDS",
        help="when the heartbeat's age alone says the bot is down (or the wall clock stepped), "
        "watch this long for a new beat before saying so: a live bot beats again whatever "
        f"the clock says (default {CONFIRM_WITHIN:.0f}; 0 judges at once)",
    )

    command = add(
        "migrate",
        cmd_migrate,
        "Create the database, or upgrade its schema to this cagbot's (the only command "
        "besides `run` and `import` that changes the schema). An existing database is "
        "backed up first, beside itself, named with the release that made it; stop the "
        "running bot first. Two at once: the second waits, then has nothing to do.",
    )
    command.add_argument(
        "--no-backup", action="store_true", help="do not back the database up first"
    )

    command = add(
        "restore",
        cmd_restore,
        "Put a backup in place of CAGBOT_DATABASE, with the bot stopped (a rollback: "
        "docs/deploy.md). Deliveries queued in the backup that the replaced database shows "
        "as made since are not sent again; those whose fate it cannot tell are held as "
        "failed unless --resend. The replaced database is kept beside it. The backup's "
        "schema is kept as it is: start the release that made it.",
    )
    command.add_argument("backup", metavar="BACKUP")
    command.add_argument(
        "--resend",
        action="store_true",
        help="queue again the deliveries whose fate is unknown (else held as failed)",
    )

    command = add("backup", cmd_backup, "Copy the live database to PATH (SQLite online backup).")
    command.add_argument("path", metavar="PATH")
