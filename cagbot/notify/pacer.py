"""Client-side pacing within Telegram's flood limits, so that sends do not provoke 429s.

Why not PTB's ``AIORateLimiter``: it is a leaky bucket (a burst of 30, then a drip), which
provokes 429s against a server that counts strictly "30 sends in any 1 s" (measured: 9 x 429
for 90 concurrent sends), it has no 1 msg/s per-chat limit, and on a 429 it retries in memory,
where a crash loses the retry. Here the global limit is a sliding window over the send times
actually taken (plus a small margin for loopback/network jitter between our clock and the
server's), private chats get one send per interval, groups a sliding 20-per-minute window, and
retries live in the outbox.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class PaceLimits:
    """Telegram's limits (Bot FAQ). ``None`` switches a limit off."""

    overall_per_second: int | None = 30
    #: Added to the windows: our send time is not the server's arrival time.
    margin: float = 0.02
    private_interval: float | None = 1.0
    group_per_minute: int | None = 20
    #: The windows the counts above apply to (shorter in tests: ``scaled``).
    window: float = 1.0
    group_window: float = 60.0

    @classmethod
    def off(cls) -> PaceLimits:
        return cls(overall_per_second=None, private_interval=None, group_per_minute=None)

    @classmethod
    def scaled(cls, scale: float, margin: float = 0.02) -> PaceLimits:
        """Telegram's limits ``scale`` times faster (same counts, shorter windows), to match
        an emulator run with ``FloodLimits.telegram(scale)``."""
        return cls(
            margin=margin / scale,
            private_interval=1.0 / scale,
            window=1.0 / scale,
            group_window=60.0 / scale,
        )


class Pacer:
    """``await pacer.acquire(chat_id)`` returns when a send to that chat may go out.

    One caller per chat at a time (the dispatcher keeps one row in flight per chat), so the
    per-chat state needs no lock; the global window is taken under a lock so the recorded send
    times are increasing.
    """

    def __init__(
        self,
        limits: PaceLimits | None = None,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limits = limits or PaceLimits()
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        count = self.limits.overall_per_second
        self._window = self.limits.window + self.limits.margin
        self._times: deque[float] | None = deque(maxlen=count) if count else None
        self._paused_until = 0.0
        self._chat_ready: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}
        self._acquired = 0

    def pause(self, seconds: float, chat_id: int | None = None) -> None:
        """Telegram said 'retry after': hold that chat, or everything when ``chat_id`` is None."""
        until = self._clock() + seconds
        if chat_id is None:
            self._paused_until = max(self._paused_until, until)
        else:
            self._chat_ready[chat_id] = max(self._chat_ready.get(chat_id, 0.0), until)

    def _chat_wait(self, chat_id: int, now: float) -> float:
        wait = self._chat_ready.get(chat_id, 0.0) - now
        group = self._groups.get(chat_id)
        if (
            group is not None
            and self.limits.group_per_minute
            and (len(group) >= self.limits.group_per_minute)
        ):
            wait = max(wait, group[0] + self.limits.group_window + self.limits.margin - now)
        return wait

    def _global_wait(self, now: float) -> float:
        wait = self._paused_until - now
        times = self._times
        if times is not None and times.maxlen is not None and len(times) >= times.maxlen:
            wait = max(wait, times[0] + self._window - now)
        return wait

    async def acquire(self, chat_id: int) -> None:
        while (wait := self._chat_wait(chat_id, self._clock())) > 0:
            await self._sleep(wait)
        if self._times is None and self._paused_until == 0.0:
            now = self._clock()
        else:
            async with self._lock:
                while (wait := self._global_wait(self._clock())) > 0:
                    await self._sleep(wait)
                now = self._clock()
                if self._times is not None:
                    self._times.append(now)
        self._record(chat_id, now)

    def _record(self, chat_id: int, now: float) -> None:
        limits = self.limits
        if chat_id < 0:
            if limits.group_per_minute:
                group = self._groups.get(chat_id)
                if group is None:
                    group = self._groups[chat_id] = deque(maxlen=limits.group_per_minute)
                group.append(now)
        elif limits.private_interval:
            self._chat_ready[chat_id] = now + limits.private_interval
        self._acquired += 1
        if self._acquired % 4096 == 0:
            self._prune(now)

    def _prune(self, now: float) -> None:
        # Keeps memory flat over a 100,000-chat broadcast.
        self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > now}
        horizon = now - self.limits.group_window - 1.0
        self._groups = {c: g for c, g in self._groups.items() if g and g[-1] > horizon}
