"""Unexpected errors, summarised for staff: exception type, where (module and function of
the innermost cagbot frame) and how often — never a message text, a name, an id or the
log line itself, which may quote a person. At most :attr:`ErrorDigest.per_hour` reports an
hour; errors in between are counted into the next one."""

from __future__ import annotations

import logging
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable
from types import TracebackType

from cagbot.records import ErrorLine as ErrorLine  # re-exported: the record is a leaf's

#: Reports per rolling hour.
PER_HOUR = 4
_HOUR = 3600.0


def where_of(tb: TracebackType | None, fallback: str) -> str:
    """``module:function`` of the innermost frame inside cagbot (no line text, no values)."""
    where = fallback
    for frame, _ in traceback.walk_tb(tb):
        module = frame.f_globals.get("__name__", "")
        if isinstance(module, str) and module.startswith("cagbot"):
            where = f"{module}:{frame.f_code.co_name}"
    return where


class ErrorDigest:
    def __init__(self, clock: Callable[[], float] = time.time, per_hour: int = PER_HOUR) -> None:
        self.clock = clock
        self.per_hour = per_hour
        self._counts: Counter[tuple[str, str]] = Counter()
        self._sent: deque[float] = deque()
        self.since: float | None = None

    def record(self, kind: str, where: str) -> None:
        if not self._counts:
            self.since = self.clock()
        self._counts[(kind, where)] += 1

    @property
    def pending(self) -> int:
        return sum(self._counts.values())

    def take(self) -> tuple[float, list[ErrorLine]] | None:
        """The lines of the next report, if there is anything and the hourly budget allows;
        the counts then start again."""
        now = self.clock()
        while self._sent and now - self._sent[0] >= _HOUR:
            self._sent.popleft()
        if not self._counts or len(self._sent) >= self.per_hour:
            return None
        self._sent.append(now)
        lines = [ErrorLine(kind, where, n) for (kind, where), n in self._counts.most_common(10)]
        since = self.since if self.since is not None else now
        self._counts.clear()
        self.since = None
        return since, lines


class DigestHandler(logging.Handler):
    """Feeds ERROR records with an exception into an :class:`ErrorDigest`."""

    def __init__(self, digest: ErrorDigest) -> None:
        super().__init__(logging.ERROR)
        self.digest = digest

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[0] is not None:
            kind = record.exc_info[0].__name__
            where = where_of(record.exc_info[2], f"{record.name}:{record.funcName}")
        else:
            kind, where = "error", f"{record.name}:{record.funcName}"
        self.digest.record(kind, where)
