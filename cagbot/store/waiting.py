"""Who is waiting for the database's write lock, so that a long job (an import) lets them
in between its transactions instead of pausing after every one.

SQLite keeps no queue for its write lock: a writer that finds it taken sleeps in the busy
handler and looks again (after 1, 2, 5, ... ms, then every 100 ms), and a job that commits
and begins again at once wins it back nearly every time. The bot's writes then waited
seconds behind an import, a broadcast's lease renewal among them, and the lease ran out
(the chaos test's double sends). Until now imports paused 0.12 s after every 100 posts
whether anyone waited or not, which capped them at 833 posts/s.

Here a writer whose BEGIN has not got the lock within :data:`WAITING_MARK_AFTER` creates
a marker file ``<database>-waiting/<pid>-<n>`` and removes it once it has the lock (or
gives up). A job looks at that folder after each commit (one directory read, some
microseconds) and waits only while another writer's marker is there. Markers of a process
that died are ignored and removed. Written by hand: SQLite has no waiter count, and a
lock server would be one more thing to run.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

#: A BEGIN that has waited this long is waiting for another connection's write lock.
WAITING_MARK_AFTER = 0.02
#: How often a job that lets a writer in looks whether it is still waiting.
WAITING_POLL = 0.005


def pid_alive(pid: int) -> bool:
    """Whether a process of this machine with that id runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WaitingWriters:
    """The markers of the writers waiting for one database file."""

    def __init__(self, database: Path) -> None:
        self.folder = database.with_name(database.name + "-waiting")
        self._prefix = f"{os.getpid()}-{id(self):x}-"
        self._numbers = itertools.count()
        self._mine: set[str] = set()

    @contextlib.contextmanager
    def marked_after(self, delay: float) -> Iterator[None]:
        """While the block runs (a BEGIN), a marker from ``delay`` seconds on."""
        name = self._prefix + str(next(self._numbers))
        handle = asyncio.get_running_loop().call_later(delay, self._mark, name)
        try:
            yield
        finally:
            handle.cancel()
            if name in self._mine:
                self._unmark(name)

    def others_waiting(self) -> bool:
        """Whether a marker of another connection (in any live process) is there."""
        try:
            names = [entry.name for entry in self.folder.iterdir()]
        except OSError:  # no folder: nobody has waited yet
            return False
        for name in names:
            if name.startswith(self._prefix):
                continue
            try:
                pid = int(name.split("-", 1)[0])
            except ValueError:
                continue
            if pid == os.getpid() or pid_alive(pid):
                return True
            with contextlib.suppress(OSError):  # left by a process that was killed
                (self.folder / name).unlink()
        return False

    def _mark(self, name: str) -> None:
        for _ in range(2):  # the folder may be removed between mkdir and open (see _unmark)
            try:
                self.folder.mkdir(exist_ok=True)
                (self.folder / name).touch()
            except FileNotFoundError:
                continue
            except OSError:
                return  # a read-only folder: waiting works as before, only slower
            self._mine.add(name)
            return

    def _unmark(self, name: str) -> None:
        self._mine.discard(name)
        with contextlib.suppress(OSError):
            (self.folder / name).unlink()
        with contextlib.suppress(OSError):  # not empty: another writer waits
            self.folder.rmdir()
