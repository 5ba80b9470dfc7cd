"""What keeps the webhook server up when the internet sends it garbage.

- :class:`ConnectionGate`: a cap on open connections, and a deadline for a new connection's
  first request. At the cap, the oldest connection that has not yet sent a whole request is
  dropped to make room, so half-open connections (a slowloris, a port scanner) can neither
  starve ``/healthz`` and Telegram's POSTs nor use up file descriptors.
- :class:`Throttled`: client garbage is logged as one WARNING line per cause per interval,
  with a count of what was left out, never as an ERROR with a traceback.
- :class:`RecentIds`: Telegram re-posts an update it saw no answer for; each is handled once.
- :func:`too_deep`: JSON nested deeper than any update is refused before PTB reads it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from typing import Any

log = logging.getLogger("cagbot.webhook")

#: Seconds a new connection gets to deliver its first complete request (headers and body).
FIRST_REQUEST_TIMEOUT = 10.0
#: Open connections at most: Telegram uses up to 100 (setWebhook max_connections, default
#: 40), load balancers a few; far below any file descriptor limit.
MAX_CONNECTIONS = 256
#: Seconds between two WARNING lines about the same kind of garbage.
LOG_INTERVAL = 60.0
#: Updates nest a dozen levels at most (a reply's keyboard inside a message inside ...).
MAX_JSON_DEPTH = 32


class Throttled:
    """One WARNING per cause per ``interval``; the next line says how many were left out."""

    def __init__(
        self,
        logger: logging.Logger = log,
        interval: float = LOG_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger = logger
        self.interval = interval
        self.clock = clock
        self.counts: Counter[str] = Counter()  # every occurrence, for /healthz
        self._last: dict[str, float] = {}
        self._left_out: Counter[str] = Counter()

    def warning(self, cause: str, detail: str = "") -> None:
        self.counts[cause] += 1
        now = self.clock()
        last = self._last.get(cause)
        if last is not None and now - last < self.interval:
            self._left_out[cause] += 1
            return
        self._last[cause] = now
        left_out = self._left_out.pop(cause, 0)
        self.logger.warning(
            "webhook: %s%s%s",
            cause,
            f" ({detail})" if detail else "",
            f"; {left_out} more like it since the last report" if left_out else "",
        )


class ServerErrorFilter(logging.Filter):
    """For aiohttp's own server logger: what it would log as an ERROR with a traceback
    (a malformed request line, a bad header, a client that vanished) becomes one throttled
    WARNING naming the cause."""

    def __init__(self, throttled: Throttled) -> None:
        super().__init__()
        self.throttled = throttled

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        error = record.exc_info[1] if record.exc_info else None
        cause = type(error).__name__ if error is not None else "server error"
        detail = str(error).splitlines()[0][:120] if error is not None and str(error) else ""
        self.throttled.warning(f"bad HTTP request: {cause}", detail)
        return False


class RecentIds:
    """The last ``capacity`` update ids seen, oldest forgotten first."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._seen: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        """True once per id (until it is forgotten), then False."""
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return True

    def forget(self, update_id: int) -> None:
        """Not handled after all (it could not be stored): its next post is a first."""
        self._seen.pop(update_id, None)


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether parsed JSON nests deeper than ``limit`` (iterative: no recursion to blow)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in children)
    return False


#: Telegram's ids and numbers fit in a signed 64-bit integer (SQLite's too).
_INT64 = 1 << 63


def absurd_number(value: Any) -> bool:
    """Whether parsed JSON holds an integer beyond 64 bits (iterative, like too_deep)."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int) and not -_INT64 <= item < _INT64:
            return True
    return False


class _Guarded(asyncio.Protocol):
    """aiohttp's protocol for one connection, seen by the gate: when it opened, whether a
    request got through, when it closed."""

    def __init__(self, gate: ConnectionGate, inner: asyncio.Protocol) -> None:
        self.gate = gate
        self.inner = inner
        self.transport: asyncio.BaseTransport | None = None
        self.peer = ""
        self.opened_at = time.monotonic()
        self.served = False
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.peer = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        self.gate._opened(self)
        loop = asyncio.get_running_loop()
        self._deadline = loop.call_later(self.gate.first_request_timeout, self._too_slow)
        self.inner.connection_made(transport)

    def _too_slow(self) -> None:
        if not self.served:
            self.gate.throttled.warning("no complete request in time; connection closed")
            self.abort()

    def mark_served(self) -> None:
        self.served = True
        if self._deadline is not None:
            self._deadline.cancel()

    def abort(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.abort()  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self.gate._closed(self)
        self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()


class _Refused(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.abort()  # type: ignore[attr-defined]


class ConnectionGate:
    """A protocol factory in front of aiohttp's: counts connections, evicts the oldest
    half-open one at the cap, and closes any that do not deliver a request in time."""

    def __init__(
        self,
        factory: Callable[[], asyncio.Protocol],
        throttled: Throttled,
        *,
        max_connections: int = MAX_CONNECTIONS,
        first_request_timeout: float = FIRST_REQUEST_TIMEOUT,
    ) -> None:
        self.factory = factory
        self.throttled = throttled
        self.max_connections = max_connections
        self.first_request_timeout = first_request_timeout
        self._open: dict[asyncio.BaseTransport, _Guarded] = {}
        self._pending = 0  # made by __call__, not yet connection_made
        self.evicted = 0
        self.refused = 0

    @property
    def open_connections(self) -> int:
        return len(self._open)

    def __call__(self) -> asyncio.Protocol:
        if len(self._open) + self._pending >= self.max_connections and not self._evict():
            self.refused += 1
            self.throttled.warning("connection limit reached; new connection refused")
            return _Refused()
        self._pending += 1
        return _Guarded(self, self.factory())

    def _evict(self) -> bool:
        waiting = [guard for guard in self._open.values() if not guard.served]
        if not waiting:
            return False
        # From the address holding the most idle connections (a flood comes from a few;
        # Telegram and a load balancer hold few idle ones), the oldest.
        per_peer = Counter(guard.peer for guard in waiting)
        oldest = min(waiting, key=lambda guard: (-per_peer[guard.peer], guard.opened_at))
        self.evicted += 1
        self.throttled.warning("connection limit reached; oldest idle connection dropped")
        oldest.abort()
        self._forget(oldest)  # its slot is free now, whenever connection_lost comes
        return True

    def served(self, transport: asyncio.BaseTransport | None) -> None:
        """A request reached the application on this connection."""
        guard = self._open.get(transport) if transport is not None else None
        if guard is not None:
            guard.mark_served()

    def close_all_waiting(self) -> None:
        """At shutdown: drop the connections that never sent a request (the others get
        aiohttp's graceful close)."""
        for guard in list(self._open.values()):
            if not guard.served:
                guard.abort()

    def _opened(self, guard: _Guarded) -> None:
        self._pending = max(0, self._pending - 1)
        assert guard.transport is not None
        self._open[guard.transport] = guard

    def _closed(self, guard: _Guarded) -> None:
        self._forget(guard)

    def _forget(self, guard: _Guarded) -> None:
        if guard.transport is not None:
            self._open.pop(guard.transport, None)
