"""Restoring a backup without sending anything twice (``cagbot restore``; issue 23).

A backup holds the outbox as it was when it was taken. Restored as it is, every delivery
then queued goes out again at the next start, even those the bot sent after the backup: a
rollback re-sent a broadcast to 13 of 19 people who already had it. So the restore carries
what the database being replaced knows over to the copy of the backup: a delivery queued in
the backup that the live database shows as finished (sent, blocked, failed) is finished in
the restored database too. A queued delivery whose fate the live database cannot tell (it is
gone, or the row was pruned) is held as failed unless the operator asks to resend it.

People's choices are carried over too: the subscribers and their topics become those of the
replaced database (new subscribers and changed settings kept), and whatever the backup holds
about a chat that is gone from it (someone who used /forget since) is erased. Everything
else is the backup's: posts imported and reminders set since are the price of going back
(docs/deploy.md, Rollback). The replaced database is kept beside
it, named ``<db>.replaced-<time>``, so nothing is deleted.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from cagbot.store.database import DatabaseProblem
from cagbot.store.files import create_private

#: last_error of a delivery held at a restore: nobody knows whether it went out.
HELD_ERROR = "not resent after a restore: unknown whether it was delivered"
_FINISHED = ("sent", "blocked", "failed")
_CARRIED = ("status", "finished_at", "sent_at", "telegram_message_id", "last_error", "attempts")


@dataclass(frozen=True, slots=True)
class Restored:
    backup_schema: int
    finished_since: int  # queued in the backup, finished since: not sent again
    still_queued: int  # queued in both: will be sent
    unknown: int  # queued in the backup, fate unknown: held (or resent)
    resent: bool
    replaced: Path | None  # where the database that was replaced is kept
    subscribers: int | None  # carried over from it (None: there was none to carry from)


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {str(row[1]) for row in connection.execute(f"PRAGMA table_info({table})")}


Carried = dict[tuple[int, int], dict[str, object]]


def _live_outbox(database: Path) -> Carried | None:
    """Every row of the live outbox by (id, chat_id), with the carried columns; None if
    there is no live database to ask."""
    if not database.exists():
        return None
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        carried = [c for c in _CARRIED if c in _columns(connection, "outbox")]
        rows = connection.execute(
            f"SELECT id, chat_id, {', '.join(carried)} FROM outbox"  # noqa: S608
        ).fetchall()
    except sqlite3.Error as error:
        raise DatabaseProblem(
            f"{database} cannot be read to learn what was delivered since the backup "
            f"({error}): pass --resend to restore anyway"
        ) from None
    finally:
        connection.close()
    return {(int(row[0]), int(row[1])): dict(zip(carried, row[2:], strict=True)) for row in rows}


def _reconcile(copy: Path, live: Carried | None, resend: bool) -> tuple[int, int, int, int]:
    connection = sqlite3.connect(copy, isolation_level=None)
    try:
        schema = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if "outbox" not in {
            str(row[0]) for row in connection.execute("SELECT name FROM sqlite_master")
        }:
            return schema, 0, 0, 0
        own = _columns(connection, "outbox")
        queued = connection.execute(
            "SELECT id, chat_id FROM outbox WHERE status IN ('pending', 'sending')"
        ).fetchall()
        finished = still = unknown = 0
        connection.execute("BEGIN IMMEDIATE")
        for row_id, chat_id in queued:
            known = None if live is None else live.get((int(row_id), int(chat_id)))
            if known is not None:
                if known.get("status") in _FINISHED:
                    pairs = [(k, v) for k, v in known.items() if k in own]
                    connection.execute(
                        f"UPDATE outbox SET {', '.join(f'{k} = ?' for k, _ in pairs)} "  # noqa: S608
                        "WHERE id = ?",
                        [v for _, v in pairs] + [row_id],
                    )
                    finished += 1
                else:
                    still += 1
                continue
            unknown += 1
            if not resend:
                connection.execute(
                    "UPDATE outbox SET status = 'failed', last_error = ?, "
                    "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                    (HELD_ERROR, row_id),
                )
        connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return schema, finished, still, unknown
    finally:
        connection.close()


#: What a person chose or asked for, carried from the replaced database so that a rollback
#: neither loses a new subscriber or a changed setting nor brings back someone who asked to
#: be forgotten (/forget) since the backup.
_PEOPLE = ("subscribers", "subscriber_topics")
#: Carried too where both databases have them (a backup from before the call filters has not).
_CHOICES = ("subscriber_call_kinds", "subscriber_call_places")
_ERASE = (  # as PrivacyStore.erase, for chats the replaced database no longer has
    "DELETE FROM subscriber_call_kinds WHERE chat_id NOT IN (SELECT chat_id FROM live.subscribers)",
    "DELETE FROM subscriber_call_places WHERE chat_id NOT IN "
    "(SELECT chat_id FROM live.subscribers)",
    "DELETE FROM subscriber_topics WHERE chat_id NOT IN (SELECT chat_id FROM live.subscribers)",
    "DELETE FROM reminders WHERE chat_id NOT IN (SELECT chat_id FROM live.subscribers)",
    "DELETE FROM digest_items WHERE chat_id NOT IN (SELECT chat_id FROM live.subscribers)",
    "DELETE FROM outbox WHERE chat_id NOT IN (SELECT chat_id FROM live.subscribers) "
    "AND status IN ('pending', 'sending')",
    "DELETE FROM subscribers WHERE chat_id NOT IN (SELECT chat_id FROM live.subscribers)",
)


def _carry_people(copy: Path, database: Path) -> int:
    """Make the copy's subscribers (and their topics) those of the replaced database, and
    erase what the copy holds about chats that are gone from it; the number of subscribers."""
    connection = sqlite3.connect(f"file:{quote(str(copy))}", uri=True, isolation_level=None)
    try:
        connection.execute("ATTACH DATABASE ? AS live", (f"file:{quote(str(database))}?mode=ro",))
        tables = {
            schema: {
                str(row[0])
                for row in connection.execute(
                    f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"  # noqa: S608
                )
            }
            for schema in ("main", "live")
        }
        if not all(table in tables[s] for table in _PEOPLE for s in ("main", "live")):
            return 0
        connection.execute("BEGIN IMMEDIATE")
        for statement in _ERASE:
            if statement.split()[2] in tables["main"]:
                connection.execute(statement)
        carried = [*_PEOPLE, *(t for t in _CHOICES if t in tables["main"] and t in tables["live"])]
        for table in carried:
            mine = {str(r[1]) for r in connection.execute(f"PRAGMA main.table_info({table})")}
            theirs = {str(r[1]) for r in connection.execute(f"PRAGMA live.table_info({table})")}
            columns = ", ".join(sorted(mine & theirs))
            connection.execute(f"DELETE FROM main.{table}")  # noqa: S608
            connection.execute(
                f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM live.{table}"  # noqa: S608
            )
        connection.execute("COMMIT")
        return int(connection.execute("SELECT count(*) FROM main.subscribers").fetchone()[0])
    except sqlite3.Error as error:
        raise DatabaseProblem(
            f"{database} cannot be read to carry subscribers over ({error}): pass --resend "
            "to restore the backup as it is"
        ) from None
    finally:
        connection.close()


def restore(backup: Path, database: Path, *, resend: bool = False) -> Restored:
    """Put ``backup`` in place of ``database`` (the bot stopped), carrying over which of the
    backup's queued deliveries were made since. Blocking: run it in a thread."""
    if not backup.is_file():
        raise DatabaseProblem(f"there is no backup at {backup.absolute()}")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    copy = database.with_name(f"{database.name}.restoring-{stamp}")
    create_private(copy)
    try:
        shutil.copyfile(backup, copy)
        try:
            with contextlib.closing(sqlite3.connect(copy)) as probe:
                probe.execute("PRAGMA schema_version").fetchall()
        except sqlite3.DatabaseError as error:
            raise DatabaseProblem(
                f"{backup} is damaged or not a cagbot database ({error}): choose another backup"
            ) from None
        people = _carry_people(copy, database) if database.exists() else None
        live = _live_outbox(database)
        if live is None and not resend:
            live = {}  # nothing to compare with: every queued delivery is of unknown fate
        schema, finished, still, unknown = _reconcile(copy, live, resend)
        replaced = None
        if database.exists():
            replaced = database.with_name(f"{database.name}.replaced-{stamp}")
            database.replace(replaced)
        for suffix in ("-wal", "-shm"):  # they belong to the file replaced: they go with it
            with contextlib.suppress(FileNotFoundError):
                if replaced is not None:
                    Path(f"{database}{suffix}").replace(f"{replaced}{suffix}")
                else:
                    Path(f"{database}{suffix}").unlink()
        copy.replace(database)
    finally:
        for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return Restored(schema, finished, still, unknown, resend, replaced, people)


async def restore_async(backup: Path, database: Path, *, resend: bool = False) -> Restored:
    return await asyncio.to_thread(restore, backup, database, resend=resend)
