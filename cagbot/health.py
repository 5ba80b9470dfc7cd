"""``cagbot health``: is the running bot alive and delivering?

A separate process (a container's HEALTHCHECK, a monitoring probe) judges the bot from the
database they share, so the check works the same for polling and webhook mode:

- the database file exists, opens and answers, and has the schema this cagbot expects;
- the bot's heartbeat (written every :data:`BEAT_EVERY` seconds) is fresh and the bot did
  not record a clean shutdown. Its age is measured on the wall clock, which can step (NTP, a
  VM resumed, an operator). When the age alone says "dead" or "from the future", the CLI
  waits up to one beat interval, on the monotonic clock, for the heartbeat row to change: a
  bot that beats again is alive whatever the wall clock says, one that does not is judged;
- on the same host, the process that wrote the heartbeat still exists: a ``kill -9`` is seen
  at the next check, not only once the heartbeat is ``max_age`` old;
- the dispatcher is not stuck: no delivery has been due for longer than ``stuck_after``
  while nothing at all was delivered in that time. A long broadcast keeps rows due for many
  minutes but delivers all along, so it is not "stuck"; a dead dispatcher task delivers
  nothing while the heartbeat goes on;
- Telegram takes deliveries: none has been retrying (transient errors: 5xx, timeouts) for
  longer than ``retrying_after``, and when deliveries wait (due or waiting to retry) for
  longer than ``stuck_after``, one succeeded within that time. During an outage rows wait to
  retry and are not "due", so the stuck check alone would stay green.

Every verdict is one line, the reason first, so it reads well in ``docker ps`` and alerts.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cagbot.store.database import migrations
from cagbot.store.heartbeat import HeartbeatStore, Waiting, open_existing

#: How often the running bot writes its heartbeat (seconds); see cagbot/bot/heartbeat.py.
BEAT_EVERY = 10.0
DEFAULT_MAX_AGE = 35.0  # seconds: three missed beats, and some slack for a busy machine
#: A heartbeat further in the future than this was stamped before the clock stepped back.
FUTURE_TOLERANCE = 5.0
DEFAULT_STUCK_AFTER = 600.0  # seconds
DEFAULT_RETRYING_AFTER = 900.0  # seconds
DB_TIMEOUT = 5.0  # seconds for the database to answer (it waits on a writer's lock)
#: How long ``cagbot health`` waits for a new beat when the wall-clock age says "dead": one
#: beat and a second of slack, inside the Dockerfile's 15 s HEALTHCHECK timeout.
CONFIRM_WITHIN = BEAT_EVERY + 1.0


@dataclass(frozen=True, slots=True)
class Health:
    ok: bool
    reason: str  # one line


def _when(unix: float) -> str:
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _duration(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


async def check(
    path: Path,
    *,
    max_age: float = DEFAULT_MAX_AGE,
    stuck_after: float = DEFAULT_STUCK_AFTER,
    retrying_after: float = DEFAULT_RETRYING_AFTER,
    now: float | None = None,
    confirm_within: float = 0.0,
    poll_every: float = 0.5,
) -> Health:
    """The verdict on the bot that runs against the database at ``path``.

    With ``confirm_within`` > 0, a verdict that rests on the heartbeat's wall-clock age alone
    ("no heartbeat for …", "heartbeat … in the future") is confirmed by watching the row for
    that many seconds of monotonic time: if the bot beats meanwhile it is alive, and the rest
    of the check runs as for a fresh beat."""
    if not await asyncio.to_thread(path.is_file):
        return Health(False, f"database {path} does not exist (is CAGBOT_DATABASE right?)")
    try:
        async with asyncio.timeout(DB_TIMEOUT):
            verdict, suspect = await _check(path, max_age, stuck_after, retrying_after, now)
        if suspect is None or confirm_within <= 0:
            return verdict
        if not await _beats_again(path, suspect, confirm_within, poll_every):
            return verdict
        async with asyncio.timeout(DB_TIMEOUT):
            verdict, _ = await _check(
                path, max_age, stuck_after, retrying_after, now, seen_beating=True
            )
        return verdict
    except TimeoutError:
        return Health(False, f"database {path} did not answer within {DB_TIMEOUT:.0f} s")
    except sqlite3.Error as error:
        return Health(False, f"database {path} is not readable: {error}")


async def _beats_again(path: Path, beat_at: float, within: float, poll_every: float) -> bool:
    """Whether the heartbeat row changes within ``within`` seconds of monotonic time: a
    duration no wall-clock step can stretch or shrink."""
    deadline = time.monotonic() + within
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        await asyncio.sleep(min(poll_every, remaining))
        async with asyncio.timeout(DB_TIMEOUT):
            db = await open_existing(path)
            try:
                beat = await HeartbeatStore(db).latest()
            finally:
                await db.close()
        if beat is not None and beat.stopped_at is None and beat.beat_at != beat_at:
            return True


def _process_gone(pid: int, host: str) -> bool:
    """True if the heartbeat's process is known to be gone: it ran on this host and no
    process has its pid. (Another host, or a reused pid, leaves it to the heartbeat age.)"""
    if host != socket.gethostname() or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False


async def _check(
    path: Path,
    max_age: float,
    stuck_after: float,
    retrying_after: float,
    now: float | None,
    *,
    seen_beating: bool = False,
) -> tuple[Health, float | None]:
    """The verdict, and the heartbeat's ``beat_at`` when the verdict rests on its wall-clock
    age alone (so :func:`check` may confirm it by watching for the next beat)."""
    db = await open_existing(path)
    try:
        expected, version = len(migrations()), await db.user_version()
        if version != expected:
            action = "run `cagbot migrate`" if version < expected else "upgrade cagbot"
            return Health(
                False, f"database schema version {version}, this cagbot has {expected}: {action}"
            ), None
        store = HeartbeatStore(db)
        beat = await store.latest()
        now = time.time() if now is None else now
        if beat is None:
            return Health(
                False, f"no heartbeat yet: no bot has run against {path} (is `cagbot run` up?)"
            ), None
        who = f"{beat.mode} bot (pid {beat.pid} on {beat.host}, cagbot {beat.version})"
        if beat.stopped_at is not None:
            return Health(False, f"{who} stopped at {_when(beat.stopped_at)}"), None
        age = now - beat.beat_at
        if _process_gone(beat.pid, beat.host):
            return Health(
                False,
                f"the {who} is not running (no such process; last heartbeat {_duration(age)} ago)",
            ), None
        if seen_beating:
            # The row changed while we watched: alive, whatever the wall clock says of its age.
            heard = f"heartbeat seen during the check (the wall clock says {_duration(age)})"
        elif age < -FUTURE_TOLERANCE:
            # Stamped before the wall clock stepped back: a live bot beats again within
            # BEAT_EVERY and is judged on that; until then its age says nothing, and a dead
            # one would look "0 s ago" for as long as the step.
            return Health(
                False,
                f"heartbeat {_duration(-age)} in the future from the {who}: the clock stepped "
                f"back since, and no new beat came within {BEAT_EVERY:.0f} s",
            ), beat.beat_at
        elif age > max_age:
            return Health(
                False,
                f"no heartbeat for {_duration(age)} from the {who}: not running, or hanging",
            ), beat.beat_at
        else:
            heard = f"heartbeat {_duration(age)} ago"
        backlog = await store.backlog(now=now, since=beat.started_at)
        if backlog.oldest_due_at is not None and now - backlog.oldest_due_at > stuck_after:
            delivered = await store.last_delivery_at()
            if delivered is None or now - delivered > stuck_after:
                last = f"last delivery {_when(delivered)}" if delivered else "no delivery yet"
                return Health(
                    False,
                    f"dispatcher stuck: {backlog.due} deliveries due, the oldest for "
                    f"{_duration(now - backlog.oldest_due_at)}, {last}",
                ), None
        waiting = await store.waiting(since=beat.started_at)
        failing = _deliveries_failing(waiting, await store.last_sent_at(), now, stuck_after)
        since = waiting.retrying_since
        if failing is None and since is not None and now - since > retrying_after:
            failing = (
                f"deliveries failing: {waiting.retrying} retrying, the oldest for "
                f"{_duration(now - since)}"
            )
        if failing is not None:
            error = f"; last error: {waiting.last_error}" if waiting.last_error else ""
            return Health(False, f"{failing}{error}"), None
        retrying = f", {waiting.retrying} retrying" if waiting.retrying else ""
        return Health(True, f"ok: {who}, {heard}, {backlog.due} deliveries due{retrying}"), None
    finally:
        await db.close()


def _deliveries_failing(
    waiting: Waiting, sent_at: float | None, now: float, stuck_after: float
) -> str | None:
    """Deliveries have waited longer than ``stuck_after`` and none succeeded meanwhile."""
    if waiting.oldest_since is None or now - waiting.oldest_since <= stuck_after:
        return None
    if sent_at is not None and now - sent_at <= stuck_after:
        return None
    last = f"the last {_duration(now - sent_at)} ago" if sent_at is not None else "none yet"
    return (
        f"no delivery succeeded while {waiting.count} wait, the oldest for "
        f"{_duration(now - waiting.oldest_since)} ({last})"
    )


async def running_bot(path: Path, *, max_age: float = DEFAULT_MAX_AGE) -> str | None:
    """Who runs against the database at ``path`` now, judged by its heartbeat (None: no
    bot, or one that stopped or died): a restore must not pull the file from under it."""
    if not await asyncio.to_thread(path.is_file):
        return None
    try:
        db = await open_existing(path)
    except sqlite3.Error:
        return None
    try:
        beat = await HeartbeatStore(db).latest()
    except sqlite3.Error:
        return None
    finally:
        await db.close()
    if beat is None or beat.stopped_at is not None or time.time() - beat.beat_at > max_age:
        return None
    if _process_gone(beat.pid, beat.host):
        return None
    return f"the {beat.mode} bot (pid {beat.pid} on {beat.host}, cagbot {beat.version})"
