"""Drains the outbox into Telegram within its limits, recording every outcome in SQLite.

One coroutine owns the database side (claim due rows, record results in batches); one task per
claimed row does the pacing and the request. At most one row per chat is in flight, so
per-chat order and the per-chat limit hold. A row is 'sending' from its claim until its
outcome is recorded; killed in between, it is put back to 'pending' at the next start
(:meth:`Dispatcher.recover`), so nothing is lost and only in-flight rows can be sent twice.

:meth:`Dispatcher.stop` keeps that window small on an orderly shutdown: no new claims, and
the requests already on the wire get a few seconds to come back so their outcomes are
recorded (Telegram may have accepted them; cancelling would resend them at the next start).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from dataclasses import dataclass
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
)

from cagbot.botapi import seconds_to_wait
from cagbot.notify.pacer import Pacer
from cagbot.store import Store
from cagbot.store.outbox import Counts, Delivery, DeliveryResult

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Back-off for network errors, timeouts and 5xx; 429s wait what Telegram says instead
    and do not count as attempts."""

    max_attempts: int = 6
    base_delay: float = 2.0
    max_delay: float = 600.0
    #: How long to hold everything when Telegram rejects the token (an operator must act).
    invalid_token_pause: float = 60.0

    def delay(self, attempts: int) -> float:
        raw: float = min(self.max_delay, self.base_delay * 2.0 ** max(0, attempts - 1))
        return raw * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not crypto


class Dispatcher:
    def __init__(
        self,
        store: Store,
        bot: Bot,
        *,
        pacer: Pacer | None = None,
        policy: RetryPolicy | None = None,
        concurrency: int = 48,
        idle_poll: float = 5.0,
        grace: float = 5.0,
    ) -> None:
        """``grace``: seconds :meth:`stop` lets requests already sent finish; keep it below
        the HTTP read timeout, or a hung request would hold the shutdown that long."""
        self.store = store
        self.bot = bot
        self.pacer = pacer or Pacer()
        self.policy = policy or RetryPolicy()
        self.concurrency = concurrency
        self.idle_poll = idle_poll
        self.grace = grace
        self._stopping = False
        self._busy: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        # Delivery tasks whose request has gone out (past the pacer): the ones worth waiting for.
        self._on_the_wire: set[asyncio.Task[Any]] = set()
        self._results: list[DeliveryResult] = []
        self._changed = asyncio.Event()
        self._wakeup = asyncio.Event()
        self._preview = LinkPreviewOptions(is_disabled=True)

    def wake(self) -> None:
        """New rows were queued: look now rather than at the next idle poll."""
        self._wakeup.set()

    def stop(self) -> None:
        """Claim nothing more; :meth:`run` (or :meth:`drain`) then waits up to ``grace``
        seconds for the requests on the wire, records their outcomes and returns. Rows
        still unanswered after that stay 'sending' and are recovered at the next start."""
        self._stopping = True
        self._wakeup.set()
        self._changed.set()

    async def recover(self) -> int:
        recovered = await self.store.outbox.recover()
        if recovered:
            log.warning("put %d deliveries interrupted by a restart back in the queue", recovered)
        return recovered

    async def run(self) -> None:
        """Deliver until cancelled (the bot's lifetime)."""
        await self.recover()
        try:
            await self._loop(until_idle=False)
        finally:
            await self._shutdown()

    async def drain(self) -> Counts:
        """Deliver until nothing is pending, including retries that are not due yet."""
        try:
            await self._loop(until_idle=True)
        finally:
            await self._shutdown()
        return await self.store.outbox.counts()

    async def _shutdown(self) -> None:
        try:
            if self._stopping:
                await self._let_sends_finish()
        finally:
            # A cancelled run (a kill, not a stop) comes straight here: nothing is waited for.
            for task in self._tasks:
                task.cancel()
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        self._on_the_wire.clear()
        self._busy.clear()
        # Record what finished; the cancelled rows stay 'sending' until recover().
        results, self._results = self._results, []
        with contextlib.suppress(Exception):
            await asyncio.shield(self.store.outbox.record(results))

    async def _let_sends_finish(self) -> None:
        # Rows still waiting for the pacer have not been sent: cancel them now (they stay
        # 'sending' and are recovered); wait a bounded time for the requests on the wire.
        for task in self._tasks - self._on_the_wire:
            task.cancel()
        on_the_wire = self._on_the_wire & self._tasks
        if on_the_wire and self.grace > 0:
            log.info("letting %d deliveries in flight finish", len(on_the_wire))
            _, left = await asyncio.wait(on_the_wire, timeout=self.grace)
            if left:
                log.warning(
                    "%d deliveries unanswered after %.0f s; they are resent at the next start",
                    len(left),
                    self.grace,
                )

    async def _loop(self, *, until_idle: bool) -> None:
        while True:
            if self._results:
                results, self._results = self._results, []
                await asyncio.shield(self.store.outbox.record(results))
            if self._stopping:
                return
            room = self.concurrency - len(self._busy)
            claimed = []
            if room > 0:
                # Chats whose outcome is not recorded yet count as busy: a block or a
                # migration must be in the database before their next row is claimed.
                busy = self._busy | {result.chat_id for result in self._results}
                # Shielded: a cancellation must not cut a transaction in half (the shared
                # connection would be left inside BEGIN); the rows claimed stay 'sending'
                # and are recovered at the next start.
                claimed = await asyncio.shield(self.store.outbox.claim(room, busy=busy))
            for delivery in claimed:
                self._busy.add(delivery.chat_id)
                task = asyncio.create_task(self._deliver(delivery))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if claimed or self._busy:
                await self._wait(self._changed, 1.0)
                continue
            if self._results:
                continue
            next_due = await self.store.outbox.next_due()
            if until_idle and next_due is None:
                return
            timeout = self.idle_poll
            if next_due is not None:
                timeout = min(timeout, max(0.0, next_due - time.time()))
            await self._wait(self._wakeup, max(timeout, 0.001))

    @staticmethod
    async def _wait(event: asyncio.Event, seconds: float) -> None:
        # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation that
        # arrives as the event fires, and the dispatcher would never stop.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await event.wait()
        event.clear()

    async def _deliver(self, delivery: Delivery) -> None:
        try:
            result = await self._attempt(delivery)
        finally:
            self._busy.discard(delivery.chat_id)
            self._changed.set()
        self._results.append(result)

    async def _send(self, d: Delivery) -> Message:
        markup = (
            None
            if d.reply_markup is None
            else InlineKeyboardMarkup.de_json(dict(d.reply_markup), None)
        )
        if d.photo is not None:
            try:
                return await self.bot.send_photo(
                    d.chat_id, d.photo, caption=d.text, parse_mode=d.parse_mode, reply_markup=markup
                )
            except BadRequest as error:
                # Telegram could not fetch or accept the picture (gone, too large, not an
                # image): the reader still gets the post, as text, rather than nothing.
                log.warning("photo refused for delivery %d, sending text: %s", d.id, error.message)
        return await self.bot.send_message(
            d.chat_id,
            d.text,
            parse_mode=d.parse_mode,
            link_preview_options=self._preview,
            reply_markup=markup,
        )

    async def _attempt(self, d: Delivery) -> DeliveryResult:
        attempts = d.attempts + 1
        policy = self.policy
        try:
            slot = await self.pacer.acquire(d.chat_id)
            task = asyncio.current_task()
            if task is not None:
                self._on_the_wire.add(task)
            try:
                message = await self._send(d)
            finally:
                self.pacer.release(slot)
                if task is not None:
                    self._on_the_wire.discard(task)
        except RetryAfter as error:
            seconds = seconds_to_wait(error)
            self.pacer.pause(seconds)
            return DeliveryResult(
                d.id,
                d.chat_id,
                "retry",
                d.attempts,
                f"429: {error.message}",
                not_before=time.time() + seconds,
            )
        except ChatMigrated as error:
            return DeliveryResult(
                d.id,
                d.chat_id,
                "migrated",
                d.attempts,
                f"migrated to {error.new_chat_id}",
                new_chat_id=int(error.new_chat_id),
            )
        except Forbidden as error:
            return DeliveryResult(d.id, d.chat_id, "blocked", attempts, error.message)
        except BadRequest as error:
            return DeliveryResult(d.id, d.chat_id, "failed", attempts, error.message)
        except InvalidToken as error:
            log.error("Telegram rejected the bot token; holding deliveries: %s", error.message)
            self.pacer.pause(policy.invalid_token_pause)
            return DeliveryResult(
                d.id,
                d.chat_id,
                "retry",
                d.attempts,
                error.message,
                not_before=time.time() + policy.invalid_token_pause,
            )
        except (TelegramError, OSError) as error:
            # Network errors, timeouts, 5xx and anything Telegram may add later: transient.
            reason = f"{type(error).__name__}: {error}"
            if attempts >= policy.max_attempts:
                return DeliveryResult(d.id, d.chat_id, "failed", attempts, reason)
            return DeliveryResult(
                d.id,
                d.chat_id,
                "retry",
                attempts,
                reason,
                not_before=time.time() + policy.delay(attempts),
            )
        except Exception as error:
            # A bug or a text Telegram can never accept: give up on the row, keep the rest.
            log.exception("delivery %d to chat %d failed", d.id, d.chat_id)
            return DeliveryResult(
                d.id, d.chat_id, "failed", attempts, f"{type(error).__name__}: {error}"
            )
        return DeliveryResult(
            d.id, d.chat_id, "sent", attempts, telegram_message_id=message.message_id
        )
