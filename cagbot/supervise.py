"""Background work that never dies silently: run a coroutine, restart it with back-off.

An unexpected error is logged once per failure (ERROR with its traceback: the work's own
messages name no person), the work restarts after a capped, jittered back-off, and when it
keeps failing ``on_trouble`` is told (the bot tells staff). A success resets the back-off;
cancellation stops the supervisor at once.

Used for the dispatcher, its lease renewal, feed polling, reminders, digests and the
broadcast follow-up.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Trouble = Callable[[str, int, BaseException], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Backoff:
    base: float = 1.0
    cap: float = 300.0
    #: Tell ``on_trouble`` at this many failures in a row, then every ``alert_every``-th.
    alert_after: int = 3
    alert_every: int = 10
    #: A run that lasted this long counts as a success: the next failure starts afresh.
    healthy_after: float = 60.0

    def delay(self, failures: int) -> float:
        raw: float = min(self.cap, self.base * 2.0 ** max(0, failures - 1))
        return raw * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not crypto

    def alerts_at(self, failures: int) -> bool:
        if failures < self.alert_after:
            return False
        return (failures - self.alert_after) % self.alert_every == 0


class Supervisor:
    """``await Supervisor(name, work).run()`` runs ``work()`` until it returns normally or
    the supervisor is cancelled; any other exception restarts it after a back-off."""

    def __init__(
        self,
        name: str,
        work: Callable[[], Awaitable[object]],
        *,
        backoff: Backoff | None = None,
        on_trouble: Trouble | None = None,
        log: logging.Logger | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.name = name
        self.work = work
        self.backoff = backoff or Backoff()
        self.on_trouble = on_trouble
        self.log = log or logging.getLogger(__name__)
        self._sleep = sleep
        #: Failures in a row (0 after a healthy run); for tests and /stats.
        self.failures = 0
        self.restarts = 0

    async def run(self) -> None:
        while True:
            started = time.monotonic()
            try:
                await self.work()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if time.monotonic() - started >= self.backoff.healthy_after:
                    self.failures = 0
                self.failures += 1
                delay = self.backoff.delay(self.failures)
                self.log.error(
                    "%s failed (%d in a row); restarting in %.1f s",
                    self.name,
                    self.failures,
                    delay,
                    exc_info=error,
                )
                if self.on_trouble is not None and self.backoff.alerts_at(self.failures):
                    await self._tell(error)
                await self._sleep(delay)
                self.restarts += 1
            else:
                return

    async def _tell(self, error: BaseException) -> None:
        assert self.on_trouble is not None
        try:
            await self.on_trouble(self.name, self.failures, error)
        except Exception:
            # The alert path may be what is broken (the database): the log line stands.
            self.log.warning("could not tell staff that %s keeps failing", self.name)


async def guarded(
    name: str,
    work: Callable[[], Awaitable[object]],
    *,
    log: logging.Logger,
    on_trouble: Trouble | None = None,
    state: dict[str, int] | None = None,
) -> None:
    """One run of periodic work (a job queue callback): an error is logged once, counted
    in ``state[name]`` for repeated failures, and staff are told when it keeps failing;
    it never propagates (the next run is the retry)."""
    counts = state if state is not None else {}
    try:
        await work()
    except asyncio.CancelledError:
        raise
    except Exception as error:
        counts[name] = failures = counts.get(name, 0) + 1
        log.error("%s failed (%d in a row)", name, failures, exc_info=error)
        if on_trouble is not None and Backoff().alerts_at(failures):
            try:
                await on_trouble(name, failures, error)
            except Exception:
                log.warning("could not tell staff that %s keeps failing", name)
    else:
        counts[name] = 0
