"""Per-person token buckets: how much a person may ask of the bot, and how fast.

:mod:`cagbot.bot.flood` asks :class:`Throttle` about each update before any feature sees
it. Only an id and three numbers per recently active person are held, in memory; idle
buckets are forgotten (see :meth:`Throttle._sweep`).
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Messages and buttons: a burst of 5, then one every two seconds; below the pace at which
#: answers to one chat may be sent (cagbot.bot.ratelimit), so a flooder's backlog drains.
BURST = 5
PER_SECOND = 0.5
#: Inline queries arrive per keystroke while someone types, so they get a wider budget.
INLINE_BURST = 20
INLINE_PER_SECOND = 5.0
#: Button presses on the bot's own keyboards: never dropped, only delayed. A burst of 20
#: passes at once (ticking topics is quick), then 4 a second; a press that would wait
#: longer than BUTTON_MAX_WAIT is answered "too fast" instead (still answered).
BUTTON_BURST = 20
BUTTON_PER_SECOND = 4.0
BUTTON_MAX_WAIT = 10.0
#: At most one "slow down" notice per person in this many seconds.
NOTICE_EVERY = 30.0
#: Above this many remembered people, idle buckets are swept out.
MAX_TRACKED = 10_000


class Verdict(enum.Enum):
    ALLOW = "allow"
    NOTICE = "notice"  # over budget: drop it, and tell the person once
    DROP = "drop"  # over budget, already told


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float
    noticed_at: float | None = None


class Throttle:
    """Token buckets keyed by an id: ``burst`` at once, refilled at ``per_second``."""

    def __init__(
        self,
        burst: int = BURST,
        per_second: float = PER_SECOND,
        *,
        notice_every: float = NOTICE_EVERY,
        max_tracked: int = MAX_TRACKED,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if burst < 1 or per_second <= 0:
            raise ValueError("a throttle needs burst >= 1 and per_second > 0")
        self.burst = burst
        self.per_second = per_second
        self.notice_every = notice_every
        self.max_tracked = max_tracked
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self.dropped = 0

    def __len__(self) -> int:
        return len(self._buckets)

    def check(self, key: int, at: float | None = None, cost: float = 1.0) -> Verdict:
        """Spend ``cost`` tokens (one, or more for a heavy search; never more than a
        burst) of ``key``'s bucket if it has them. ``at``: when the request arrived (on
        this throttle's clock), if it waited before being judged."""
        cost = min(max(cost, 1.0), float(self.burst))
        now = self._clock() if at is None else at
        bucket = self._refilled(key, now)
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            return Verdict.ALLOW
        self.dropped += 1
        if bucket.noticed_at is None or now - bucket.noticed_at >= self.notice_every:
            bucket.noticed_at = now
            return Verdict.NOTICE
        return Verdict.DROP

    def reserve(self, key: int, at: float | None = None, *, max_wait: float) -> float | None:
        """Queue rather than drop: take ``key``'s next token, possibly one not yet refilled,
        and return how many seconds to wait until it is there (0.0: now). ``None`` (nothing
        taken) when that wait would exceed ``max_wait``."""
        now = self._clock() if at is None else at
        bucket = self._refilled(key, now)
        wait = max(0.0, (1.0 - bucket.tokens) / self.per_second)
        if wait > max_wait:
            self.dropped += 1
            return None
        # Tokens may go below zero: the presses queued behind this one wait longer.
        bucket.tokens -= 1.0
        return wait

    def _refilled(self, key: int, now: float) -> _Bucket:
        """``key``'s bucket with the tokens it has earned since it was last used."""
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_tracked:
                self._sweep(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        else:
            elapsed = max(0.0, now - bucket.stamp)
            bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.per_second)
            bucket.stamp = now
        return bucket

    def _sweep(self, now: float) -> None:
        """Forget people whose bucket has refilled and whose notice window has passed:
        for them a fresh bucket is the same thing."""
        refill = self.burst / self.per_second

        def idle(bucket: _Bucket) -> bool:
            quiet_since = now - bucket.stamp
            noticed = bucket.noticed_at is not None and now - bucket.noticed_at < self.notice_every
            return quiet_since >= refill and not noticed

        for key in [key for key, bucket in self._buckets.items() if idle(bucket)]:
            del self._buckets[key]


@dataclass(slots=True)
class Throttles:
    """The bot's budgets (kept on the services so tests can swap them)."""

    messages: Throttle
    inline: Throttle
    buttons: Throttle = field(default_factory=lambda: Throttle(BUTTON_BURST, BUTTON_PER_SECOND))
    button_max_wait: float = BUTTON_MAX_WAIT

    @classmethod
    def default(cls) -> Throttles:
        return cls(Throttle(), Throttle(INLINE_BURST, INLINE_PER_SECOND))
