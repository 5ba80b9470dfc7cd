"""Client-side pacing within Telegram's flood limits, so that sends do not provoke 429s.

Why not PTB's ``AIORateLimiter``: it is a leaky bucket (a burst of 30, then a drip), which
provokes 429s against a server that counts strictly "30 sends in any 1 s" (measured: 9 x 429
for 90 concurrent sends), it has no 1 msg/s per-chat limit, and on a 429 it retries in memory,
where a crash loses the retry. Here the global limit is a sliding window over the send times
actually taken (plus a small margin for loopback/network jitter between our clock and the
server's), private chats get one send per interval, groups a sliding 20-per-minute window, and
retries live in the outbox.

Several processes may send for the same bot (the bot and a ``cagbot broadcast`` run). With
a :class:`SharedWindow` (every dispatcher has one) the overall limit is one window in the
database that all of them take slots from: shares follow demand (one process alone gets
it all), and a restarted process goes on from the sends recorded there, without a pause.
Without one, each paces to its :meth:`Pacer.share` of the overall limit (a fixed slice,
and a window of silence at every change). A new pacer is :meth:`Pacer.seed`-ed with the
sends of the last minute, so the per-chat limits hold across a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cagbot.store.send_window import SendWindowStore

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
#: Seconds between looks whether the replies a bulk send gives way to are out.
YIELD_POLL = 0.05


@dataclass(frozen=True, slots=True)
class PaceLimits:
    """Telegram's limits (Bot FAQ). ``None`` switches a limit off."""

    overall_per_second: int | None = 30
    #: Added to the windows, for clock granularity and rounding at the server.
    margin: float = 0.005
    private_interval: float | None = 1.0
    group_per_minute: int | None = 20
    #: The windows the counts above apply to (shorter in tests: ``scaled``).
    window: float = 1.0
    group_window: float = 60.0

    @classmethod
    def off(cls) -> PaceLimits:
        return cls(overall_per_second=None, private_interval=None, group_per_minute=None)

    @classmethod
    def scaled(cls, scale: float, margin: float = 0.005) -> PaceLimits:
        """Telegram's limits ``scale`` times faster (same counts, shorter windows), to match
        an emulator run with ``FloodLimits.telegram(scale)``."""
        return cls(
            margin=margin / scale,
            private_interval=1.0 / scale,
            window=1.0 / scale,
            group_window=60.0 / scale,
        )


class Slot:
    """One send's place in the windows: when it left and when its answer came back.

    The server counts a send when it *arrives*, somewhere between the two; measuring the
    window from the answer of the 30th previous send makes "30 in any 1 s" hold at the
    server whatever the latency, at the cost of one round trip per window.
    """

    __slots__ = ("_done_event", "done", "shared_id", "start")

    def __init__(self, start: float, shared_id: int | None = None) -> None:
        self.start = start
        self.done: float | None = None
        self._done_event: asyncio.Event | None = None
        #: Its slot in the :class:`SharedWindow`, if it took one there.
        self.shared_id = shared_id

    async def wait_done(self) -> None:
        if self.done is None:
            if self._done_event is None:
                self._done_event = asyncio.Event()
            await self._done_event.wait()

    def finish(self, now: float) -> None:
        if self.done is None:
            self.done = now
            if self._done_event is not None:
                self._done_event.set()


class SharedWindow:
    """The overall limit as one window in the database for all sending processes (see the
    module docstring); answers are recorded with the next slots taken, or within 50 ms.
    Slots are taken up to :data:`RESERVE` at a time: one transaction per send was what
    limited the rate when the machine was busy."""

    #: Slots taken in one transaction and kept for the next sends of this process.
    RESERVE = 4

    def __init__(self, store: SendWindowStore, limit: int, window: float) -> None:
        self.store = store
        self.limit = limit
        self.window = window
        self._answered: list[tuple[int, float]] = []
        self._flushing: asyncio.Future[None] | None = None
        self._reserved: list[int] = []
        self._reserved_at = 0.0  # time.monotonic() when the reserved slots were taken

    async def take(self) -> tuple[int | None, float]:
        if self._reserved and time.monotonic() - self._reserved_at > self.window / 4:
            # Taken before a pause of this process (SIGSTOP, a long GC, a busy machine): the
            # window counts them at that time, so sending on them now could pass the limit
            # together with what others sent meanwhile. Given back: unanswered, they would
            # count as on the wire for as long as this process lives.
            stale, self._reserved = self._reserved, []
            await self.store.give_back(stale)
        if self._reserved:
            return self._reserved.pop(0), 0.0
        answered, self._answered = self._answered, []
        try:
            taken, wait = await self.store.take(
                self.limit, self.window, answered=answered, want=self.RESERVE
            )
        except BaseException:
            self._answered[:0] = answered
            raise
        if not taken:
            return None, wait
        self._reserved, self._reserved_at = taken[1:], time.monotonic()
        return taken[0], 0.0

    def answered(self, slot_id: int, wall_time: float) -> None:
        self._answered.append((slot_id, wall_time))
        if self._flushing is None:
            self._flushing = asyncio.ensure_future(self._flush_soon())

    async def _flush_soon(self) -> None:
        try:
            await asyncio.sleep(0.05)
            answered, self._answered = self._answered, []
            try:
                await asyncio.shield(self.store.answered(answered))
            except Exception:
                self._answered[:0] = answered
                log.exception("could not record answered sends; trying with the next")
        finally:
            self._flushing = None

    async def close(self) -> None:
        """Record what is still unrecorded (at a dispatcher's orderly stop)."""
        flushing, self._flushing = self._flushing, None
        if flushing is not None:
            flushing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await flushing
        answered, self._answered = self._answered, []
        reserved, self._reserved = self._reserved, []
        with contextlib.suppress(Exception):
            await self.store.answered(answered)
            await self.store.give_back(reserved)


class Pacer:
    """``slot = await pacer.acquire(chat_id)`` returns when a send to that chat may go out;
    ``pacer.release(slot)`` when its answer (or error) came back.

    One caller per chat at a time (the dispatcher keeps one row in flight per chat), so the
    per-chat state needs no lock; the global window is taken under a lock so slots are
    handed out in order.
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
        self._slots: deque[Slot] | None = deque(maxlen=count) if count else None
        self._sharers = 1
        self._paused_until = 0.0
        self._chat_ready: dict[int, float] = {}
        self._groups: dict[int, deque[Slot]] = {}
        self._acquired = 0
        #: True while sends that matter more are waiting (the same bot's replies to
        #: people): bulk sends hold back until they are out.
        self.yield_to: Callable[[], bool] | None = None
        #: When (this pacer's clock) the last send was let out: replies wait for Telegram's
        #: one-second window to move past it (see cagbot.bot.ratelimit).
        self.last_start = float("-inf")
        self.shared: SharedWindow | None = None

    def share_through(self, store: SendWindowStore) -> None:
        """Take the overall limit from the database's window, shared with every process
        that sends (see the module docstring); no-op when there is no overall limit."""
        count = self.limits.overall_per_second
        if count:
            self.shared = SharedWindow(store, count, self.limits.window + self.limits.margin)

    @property
    def burst(self) -> int | None:
        """Sends this pacer lets out in one window (None: no overall limit)."""
        return None if self._slots is None else self._slots.maxlen

    @property
    def memory(self) -> float:
        """Seconds of past sends that still matter to the limits."""
        return max(self.limits.window, self.limits.group_window) + self.limits.margin

    def share(self, processes: int) -> None:
        """``processes`` dispatchers send for this bot now: take 1/n of the overall limit."""
        count = self.limits.overall_per_second
        if not count or processes == self._sharers or self.shared is not None:
            return
        self._sharers = max(1, processes)
        old = self._slots or deque()
        self._slots = deque(old, maxlen=max(1, count // self._sharers))
        # One window of silence: the others' sends of the last window are unknown here,
        # and until they have all changed their share too the sum could pass the limit.
        self.pause(self.limits.window + self.limits.margin)

    def seed(self, sends: list[tuple[int, float]], wall_now: float) -> None:
        """Count sends already made (``(chat_id, unix time)``, oldest first, e.g. by the
        previous process) as if this pacer had made them."""
        now = self._clock()
        window = self.limits.window + self.limits.margin
        for chat_id, sent_at in sends:
            start = now - max(0.0, wall_now - sent_at)
            slot = Slot(start)
            slot.finish(start)
            if self._slots is not None and now - start <= window:
                self._slots.append(slot)
            self._record(chat_id, slot)

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
        limit = self.limits.group_per_minute
        if group is not None and limit and len(group) >= limit:
            oldest = group[0]
            ended = oldest.done if oldest.done is not None else now
            wait = max(wait, ended + self.limits.group_window + self.limits.margin - now)
        return wait

    async def acquire(self, chat_id: int) -> Slot:
        while (wait := self._chat_wait(chat_id, self._clock())) > 0:
            await self._sleep(wait)
        if self._slots is None and self._paused_until == 0.0 and self.yield_to is None:
            slot = Slot(self._clock())
        else:
            async with self._lock:
                slot = await self._global_slot()
        self._record(chat_id, slot)
        self.last_start = slot.start
        return slot

    async def _global_slot(self) -> Slot:
        if self.shared is not None:
            return await self._shared_slot(self.shared)
        slots = self._slots
        while True:
            now = self._clock()
            wait = self._paused_until - now
            if slots is not None and slots.maxlen is not None and len(slots) >= slots.maxlen:
                oldest = slots[0]
                if oldest.done is None:
                    await oldest.wait_done()
                    continue
                wait = max(wait, oldest.done + self._window - now)
            if self.yield_to is not None and self.yield_to():
                wait = max(wait, YIELD_POLL)
            if wait <= 0:
                break
            await self._sleep(wait)
        slot = Slot(self._clock())
        if slots is not None:
            slots.append(slot)
        return slot

    async def _shared_slot(self, shared: SharedWindow) -> Slot:
        while True:
            wait = self._paused_until - self._clock()
            if wait <= 0:
                slot_id, wait = await shared.take()
                if slot_id is not None:
                    return Slot(self._clock(), slot_id)
            await self._sleep(wait)

    def release(self, slot: Slot) -> None:
        slot.finish(self._clock())
        if slot.shared_id is not None and self.shared is not None:
            self.shared.answered(slot.shared_id, time.time())

    def _record(self, chat_id: int, slot: Slot) -> None:
        limits = self.limits
        if chat_id < 0:
            if limits.group_per_minute:
                group = self._groups.get(chat_id)
                if group is None:
                    group = self._groups[chat_id] = deque(maxlen=limits.group_per_minute)
                group.append(slot)
        elif limits.private_interval:
            self._chat_ready[chat_id] = slot.start + limits.private_interval
        self._acquired += 1
        if self._acquired % 4096 == 0:
            self._prune(slot.start)

    def _prune(self, now: float) -> None:
        # Keeps memory flat over a 100,000-chat broadcast.
        self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > now}
        horizon = now - self.limits.group_window - 1.0
        self._groups = {
            c: g for c, g in self._groups.items() if g and (g[-1].done or now) > horizon
        }
