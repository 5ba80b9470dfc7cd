"""Telegram's transient failures as cagbot's own WARNING lines, one per cause per minute.

python-telegram-bot logs a polling hiccup, or a proxy's HTML error page where JSON was
expected, as an ERROR with a traceback (27 of them in a 4-minute 5xx outage), while the
deliveries that fail meanwhile are retried without a word. Here:

- :class:`TelegramFolding`, a filter on the log handler, takes PTB's records about transient
  failures (network errors, timeouts, 5xx, 429, answers that are not JSON) and turns each
  cause into one ``cagbot.telegram`` WARNING per :data:`INTERVAL`, the next one saying how
  many were folded into it. Errors that are not transient (a rejected token, a bad request,
  a conflict with another poller) and bugs pass unchanged.
- :func:`request_failed`: the delivery transport reports each failed Bot API call here, so
  an outage is visible in cagbot's log, not only in ``cagbot health`` and ``/metrics``.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable

from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

log = logging.getLogger("cagbot.telegram")

#: Seconds between two WARNING lines about the same cause.
INTERVAL = 60.0


class Folded:
    """One WARNING per cause per ``interval``; the next says how many were folded in."""

    def __init__(
        self,
        logger: logging.Logger = log,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger = logger
        self.interval = interval
        self.clock = clock
        self._last: dict[str, float] = {}
        self._folded: Counter[str] = Counter()

    def warning(self, cause: str) -> None:
        now = self.clock()
        last = self._last.get(cause)
        if last is not None and now - last < self.interval:
            self._folded[cause] += 1
            return
        self._last[cause] = now
        folded = self._folded.pop(cause, 0)
        since = f"; {folded + 1} times in the last {now - last:.0f} s" if last and folded else ""
        self.logger.warning(
            "Telegram: %s (transient: retried)%s",
            cause,
            since,
            extra={"cause": cause, "count": folded + 1},
        )


FOLDED = Folded()


def _cause(record: logging.LogRecord) -> str | None:
    """The transient cause a PTB record reports, or None to let it through."""
    error = record.exc_info[1] if record.exc_info else None
    where = record.name.rsplit(".", 1)[-1]
    if isinstance(error, BadRequest | Forbidden | InvalidToken | Conflict):
        return None
    if isinstance(error, RetryAfter):
        return f"{where}: 429 Too Many Requests"
    if isinstance(error, TimedOut):
        return f"{where}: timed out"
    if isinstance(error, NetworkError):
        return f"{where}: {str(error).splitlines()[0][:80] if str(error) else 'network error'}"
    if record.msg == 'Can not load invalid JSON data: "%s"':
        return f"{where}: an answer that is not JSON (a proxy's error page?)"
    return None


class TelegramFolding(logging.Filter):
    def __init__(self, folded: Folded = FOLDED) -> None:
        super().__init__()
        self.folded = folded

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("telegram") or record.levelno < logging.WARNING:
            return True
        cause = _cause(record)
        if cause is None:
            return True
        self.folded.warning(cause)
        return False


def request_failed(method: str, outcome: str) -> None:
    """A Bot API call failed transiently (``outcome``: 5xx, 429, network, timeout)."""
    FOLDED.warning(f"{method}: {outcome}")
