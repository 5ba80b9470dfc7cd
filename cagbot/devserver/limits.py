"""Flood limits as the Bot FAQ describes them, switchable and scalable so tests run fast."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, replace

#: Private-chat buckets are dropped once full again, checked every this many new buckets.
_PRUNE_EVERY = 4096


@dataclass(frozen=True, slots=True)
class FloodLimits:
    """Which limits apply and how fast. A rate of ``None`` switches that limit off.

    ``scale`` multiplies every rate (``scale=10`` allows 300 sends/s overall, 10/s per private
    chat, 200/min per group), keeping the burst sizes, so tests provoke 429s without waiting.
    """

    enabled: bool = True
    scale: float = 1.0
    #: Sends in any sliding 1 s window, over all chats (paid broadcasts excluded).
    overall_per_second: float | None = 30.0
    #: Leaky bucket per private chat: steady rate and burst size.
    private_per_second: float | None = 1.0
    private_burst: int = 3
    #: Sends in any sliding 60 s window, per group or supergroup.
    group_per_minute: float | None = 20.0
    #: Sends with ``allow_paid_broadcast`` in any sliding 1 s window.
    paid_per_second: float | None = 1000.0
    #: Seconds the overall window forgives. The emulator times a send when its event loop
    #: gets to the request, which on a busy machine can be tens of ms after it arrived, so a
    #: backlog served at once looks like a burst the sender never made. 0: strict.
    jitter: float = 0.0

    @classmethod
    def off(cls) -> FloodLimits:
        return cls(enabled=False)

    @classmethod
    def telegram(cls, scale: float = 1.0, jitter: float = 0.0) -> FloodLimits:
        return cls(scale=scale, jitter=jitter)

    def scaled(self, scale: float) -> FloodLimits:
        return replace(self, scale=scale)


class _SlidingWindow:
    """At most ``count`` events in any ``window`` seconds."""

    __slots__ = ("count", "events", "jitter", "window")

    def __init__(self, count: int, window: float, jitter: float = 0.0) -> None:
        self.count = count
        self.window = window
        self.jitter = jitter
        self.events: deque[float] = deque(maxlen=count)

    def wait(self, now: float) -> float:
        if len(self.events) < self.count:
            return 0.0
        return max(0.0, self.events[0] + self.window - self.jitter - now)

    def add(self, now: float) -> None:
        self.events.append(now)


def _window(
    rate_per_window: float, window: float, scale: float, jitter: float = 0.0
) -> _SlidingWindow:
    # Scaling shrinks the window rather than growing the count, so burst sizes stay Telegram's.
    count = max(1, round(rate_per_window))
    return _SlidingWindow(count, window / scale, jitter)


class FloodControl:
    """Decides whether a send may pass now; returns Telegram's ``retry_after`` if not."""

    def __init__(self, limits: FloodLimits) -> None:
        self.limits = limits
        scale = limits.scale if limits.scale > 0 else 1.0
        self._overall = (
            _window(limits.overall_per_second, 1.0, scale, limits.jitter)
            if limits.overall_per_second
            else None
        )
        self._paid = _window(limits.paid_per_second, 1.0, scale) if limits.paid_per_second else None
        self._group_rate = limits.group_per_minute
        self._groups: dict[int, _SlidingWindow] = {}
        # GCRA: one float (theoretical arrival time) per private chat keeps 100k chats cheap.
        if limits.private_per_second:
            self._interval: float | None = 1.0 / (limits.private_per_second * scale)
            self._tolerance = max(0, limits.private_burst - 1) * self._interval
        else:
            self._interval = None
            self._tolerance = 0.0
        self._tat: dict[int, float] = {}
        self._new_buckets = 0
        self._scale = scale

    def check(self, chat_id: int | None, is_private: bool, paid: bool, now: float) -> int | None:
        """Record the send and return None if allowed, else the seconds to wait (>= 1)."""
        if not self.limits.enabled:
            return None
        wait = 0.0
        bulk = self._paid if paid else self._overall
        if bulk is not None:
            wait = max(wait, bulk.wait(now))
        group: _SlidingWindow | None = None
        tat: float | None = None
        if chat_id is not None and not is_private and self._group_rate:
            group = self._groups.get(chat_id)
            if group is None:
                group = self._groups[chat_id] = _window(self._group_rate, 60.0, self._scale)
            wait = max(wait, group.wait(now))
        if chat_id is not None and is_private and self._interval is not None:
            tat = max(self._tat.get(chat_id, now), now)
            wait = max(wait, tat - self._tolerance - now)
        if wait > 0:
            return max(1, math.ceil(wait))
        if bulk is not None:
            bulk.add(now)
        if group is not None:
            group.add(now)
        if tat is not None and self._interval is not None and chat_id is not None:
            if chat_id not in self._tat:
                self._new_buckets += 1
                if self._new_buckets >= _PRUNE_EVERY:
                    self._prune(now)
            self._tat[chat_id] = tat + self._interval
        return None

    def _prune(self, now: float) -> None:
        self._new_buckets = 0
        self._tat = {cid: t for cid, t in self._tat.items() if t > now}
