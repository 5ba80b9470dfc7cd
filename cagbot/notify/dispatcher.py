"""Drains the outbox into Telegram within its limits, recording every outcome in SQLite.

One coroutine owns the database side (claim due rows, record results in batches); one task per
claimed row does the pacing and the request. At most one row per chat is in flight, in this
process or any other, so per-chat order and the per-chat limit hold. A row is 'sending' from
its claim until its outcome is recorded, under a lease this dispatcher renews (a supervised
task); killed in between, the lease runs out and any live dispatcher puts the row back to
'pending' (:meth:`Dispatcher.recover`), so nothing is lost and only in-flight rows can be
sent twice. Many dispatchers (the bot, ``cagbot broadcast`` runs) drain one outbox: each
paces itself to its share of Telegram's overall limit, and a new one starts its pacer from
the sends of the last minute, so a restart provokes no burst of 429s.

Transient errors (network, timeouts, 5xx, 429) are retried with capped back-off for the
retry window (``CAGBOT_RETRY_WINDOW``, 24 h); only answers that can never succeed (400, 403,
chat not found) are permanent.

:meth:`Dispatcher.stop` keeps that window small on an orderly shutdown: no new claims, and
the requests already on the wire get a few seconds to come back so their outcomes are
recorded (Telegram may have accepted them; cancelling would resend them at the next start).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Callable, Collection
from dataclasses import replace
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
from cagbot.logs import error_text, redact
from cagbot.notify.membership import Membership
from cagbot.notify.pacer import Pacer
from cagbot.notify.quiet import SendFlags, judge
from cagbot.notify.retry import RetryPolicy as RetryPolicy  # re-exported: the policy's old home
from cagbot.store import Store
from cagbot.store.leases import OwnerRole
from cagbot.store.outbox import Counts, Delivery, DeliveryResult

log = logging.getLogger(__name__)
#: How Telegram words a refused inline keyboard button (BUTTON_URL_INVALID and the like).
_BUTTON_REFUSED = re.compile(r"button", re.IGNORECASE)
#: ... and a picture it cannot fetch or take ("wrong file identifier/HTTP URL specified",
#: "failed to get HTTP URL content", PHOTO_INVALID_DIMENSIONS, "wrong type of the web page").
_PHOTO_REFUSED = re.compile(r"file|url|photo|image|web page|dimension", re.IGNORECASE)
#: Seconds between looks for rows whose night has ended (wake() looks at once).
_RELEASE_EVERY = 30.0


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
        lease: float = 30.0,
        role: OwnerRole = "bot",
        handover_after: float | None = None,
    ) -> None:
        """``grace``: seconds :meth:`stop` lets requests already sent finish; keep it below
        the HTTP read timeout, or a hung request would hold the shutdown that long.
        ``lease``: seconds a claim stays ours without renewal (renewed every third of it),
        so a killed process's rows are taken back within about that time.
        ``handover_after``: :meth:`drain` returns, leaving the rest to another live
        dispatcher (the bot), when nothing is due sooner than this many seconds."""
        self.store = store
        self.handover_after = handover_after
        self.bot = bot
        self.pacer = pacer or Pacer()
        self.policy = policy or RetryPolicy()
        self.concurrency = concurrency
        self.idle_poll = idle_poll
        self.grace = grace
        self._stopping = False
        #: No row waits longer than this: one due later was timed before the wall clock
        #: stepped back (see OutboxStore.claim_rows).
        self._horizon = 2 * max(self.policy.max_delay, self.policy.invalid_token_pause, 60.0)
        self._busy: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        # Delivery tasks whose request has gone out (past the pacer): the ones worth waiting for.
        self._on_the_wire: set[asyncio.Task[Any]] = set()
        self._results: list[DeliveryResult] = []
        # Claimed rows of a paused broadcast: not sent when their turn comes (see hold).
        self._paused: set[int] = set()
        self._task_of: dict[int, asyncio.Task[None]] = {}
        #: Rows claimed and not yet recorded: what lease renewal keeps ours.
        self._held: set[int] = set()
        self._changed = asyncio.Event()
        self._wakeup = asyncio.Event()
        self._preview = LinkPreviewOptions(is_disabled=True)
        #: Pictures Telegram could not fetch: the next deliveries go as text at once,
        #: rather than spend a request (and a pacer slot) each on a refusal.
        self._refused_photos: set[str] = set()
        #: The clock quiet hours are judged by (tests move it to the night or the morning).
        self.clock: Callable[[], float] = time.time
        #: How each claimed row goes out (silent, protected), by row id, while it is ours.
        self._flags: dict[int, SendFlags] = {}
        #: When (monotonic) rows held for the night were last looked at.
        self._released_at = float("-inf")
        self.membership = Membership(
            store,
            self.pacer,
            role=role,
            lease=lease,
            on_recovered=self._wakeup.set,
            held=lambda: self._held,
        )

    def wake(self) -> None:
        """New rows were queued: look now rather than at the next idle poll."""
        self._released_at = float("-inf")  # and see whether a night has ended
        self._wakeup.set()

    def stop(self) -> None:
        """Claim nothing more; :meth:`run` (or :meth:`drain`) then waits up to ``grace``
        seconds for the requests on the wire, records their outcomes and returns. Rows
        still unanswered after that stay 'sending' and are recovered at the next start."""
        self._stopping = True
        self._wakeup.set()
        self._changed.set()

    @property
    def owner(self) -> str:
        """This dispatcher's identity in the outbox (``host:pid:random``)."""
        return self.membership.owner

    async def recover(self) -> int:
        """Take back rows whose lease expired (never a live process's rows)."""
        return await self.membership.recover()

    async def run(self) -> None:
        """Deliver until cancelled (the bot's lifetime)."""
        try:
            await self._start()  # inside: a failure here still ends the lease renewal
            await self._loop(until_idle=False)
        finally:
            await self._shutdown()

    async def drain(self) -> Counts:
        """Deliver until nothing is pending, including retries that are not due yet (or,
        with ``handover_after``, until what is left can wait for another live dispatcher)."""
        try:
            await self._start()
            await self._loop(until_idle=True)
        finally:
            await self._shutdown()
        return await self.store.outbox.counts()

    async def _start(self) -> None:
        # Outcomes a crashed run could not record (a full disk) are recorded first, under
        # the identity that claimed them, before that identity's rows are handed back.
        await self._record_results()
        await self.membership.join()

    async def _record_results(self) -> None:
        """Record the outcomes gathered so far; on a failure they are kept for the next
        try (a send Telegram accepted must not be forgotten and sent again)."""
        results, self._results = self._results, []
        if not results:
            return
        try:
            await asyncio.shield(self.store.outbox.record(results))
        except BaseException:
            self._results[:0] = results
            raise
        self._held.difference_update(result.delivery_id for result in results)

    async def _shutdown(self) -> None:
        await self.membership.leave()
        try:
            await self._finish_tasks()
        finally:
            await self.membership.release()

    async def _finish_tasks(self) -> None:
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
        # Record what finished; the cancelled rows stay 'sending' until recover() (no task
        # works on them: renewal no longer keeps them).
        self._held.intersection_update(result.delivery_id for result in self._results)
        with contextlib.suppress(Exception):
            await self._record_results()

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
                await self._record_results()
            if self._stopping:
                return
            if time.monotonic() - self._released_at >= _RELEASE_EVERY:
                # Rows held for a night that has ended (by our clock) are due again.
                self._released_at = time.monotonic()
                await asyncio.shield(self.store.quiet_hours.release(self.clock()))
            # No more claimed than the pacer lets out in one window: a row claimed is a row a
            # kill -9 strands until the lease runs out.
            room = min(self.concurrency, self.pacer.burst or self.concurrency) - len(self._busy)
            claimed = []
            if room > 0:
                # Chats whose outcome is not recorded yet count as busy: a block or a
                # migration must be in the database before their next row is claimed.
                busy = self._busy | {result.chat_id for result in self._results}
                # Shielded: a cancellation must not cut a transaction in half (the shared
                # connection would be left inside BEGIN); the rows claimed stay 'sending'
                # and are recovered at the next start.
                claimed = await asyncio.shield(
                    self.store.outbox.claim(
                        room,
                        busy=busy,
                        owner=self.owner,
                        lease=self.membership.lease,
                        horizon=self._horizon,
                    )
                )
            if claimed:
                claimed = await self._judge(claimed)
            for delivery in claimed:
                self._held.add(delivery.id)
                self._busy.add(delivery.chat_id)
                task = asyncio.create_task(self._deliver(delivery))
                self._tasks.add(task)
                self._task_of[delivery.id] = task
                task.add_done_callback(self._tasks.discard)
                task.add_done_callback(self._forget_task)
            if claimed or self._busy:
                await self._wait(self._changed, 1.0)
                continue
            if self._results:
                continue
            next_due = await self.store.outbox.next_due()
            if until_idle and next_due is None:
                return
            if until_idle and await self._can_hand_over(next_due):
                return
            timeout = self.idle_poll
            if next_due is not None:
                timeout = min(timeout, max(0.0, next_due - time.time()))
            await self._wait(self._wakeup, max(timeout, 0.001))

    async def _can_hand_over(self, next_due: float | None) -> bool:
        if self.handover_after is None or next_due is None:
            return False
        if next_due - time.time() < self.handover_after:
            return False
        return await self.membership.others_alive()

    @staticmethod
    async def _wait(event: asyncio.Event, seconds: float) -> None:
        # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation that
        # arrives as the event fires, and the dispatcher would never stop.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await event.wait()
        event.clear()

    async def _judge(self, claimed: list[Delivery]) -> list[Delivery]:
        """Quiet hours: the rows to send now (their flags noted), the others held for the
        night (handed back at once, so they cost no lease and no pacer slot)."""
        terms = await self.store.quiet_hours.terms([d.id for d in claimed])
        now = self.clock()
        night: list[tuple[int, float]] = []
        sending: list[Delivery] = []
        for delivery in claimed:
            flags, until = judge(terms.get(delivery.id), now)
            if until is not None:
                night.append((delivery.id, until))
                continue
            self._flags[delivery.id] = flags
            sending.append(delivery)
        if night:
            await asyncio.shield(self.store.quiet_hours.hold(night, self.owner))
        return sending

    def _forget_task(self, task: asyncio.Task[None]) -> None:
        for key in [key for key, known in self._task_of.items() if known is task]:
            del self._task_of[key]

    async def hold(self, delivery_ids: Collection[int], timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Their broadcast was just paused: of these claimed rows, those still waiting for
        their turn are not sent but held (recorded back as pending with the broadcast's
        held rows); returns once every one of them here is sent or held and recorded, so
        that once staff see "paused", nothing more of it goes out and the counts are true.
        Requests already on the wire finish (Telegram may have accepted them)."""
        self._paused.update(delivery_ids)
        try:
            # Twice: a claim that committed just before the pause gets its tasks only when
            # the loop runs next.
            for _ in range(2):
                tasks = [task for key in delivery_ids if (task := self._task_of.get(key))]
                if tasks:
                    await asyncio.wait(tasks, timeout=timeout)
                await asyncio.sleep(0)
            results, self._results = self._results, []
            await asyncio.shield(self.store.outbox.record(results))
        finally:
            # One still waiting past the timeout (Telegram asked to slow down) stays held:
            # when its turn comes it is held, not sent, unless :meth:`release` came first.
            self._paused.difference_update(key for key in delivery_ids if key not in self._task_of)

    def release(self, delivery_ids: Collection[int]) -> None:
        """Their broadcast was resumed: claimed rows still waiting here may go out."""
        self._paused.difference_update(delivery_ids)

    async def _deliver(self, delivery: Delivery) -> None:
        try:
            result = await self._attempt(delivery)
        finally:
            self._flags.pop(delivery.id, None)
            self._busy.discard(delivery.chat_id)
            self._changed.set()
        # No token in the error; the claimer's identity, so that the outcome applies only
        # while the row is still ours.
        self._results.append(replace(result, error=error_text(result.error), owner=delivery.owner))

    async def _send(
        self, d: Delivery, photo: str | None, markup: InlineKeyboardMarkup | None
    ) -> Message:
        flags = self._flags.get(d.id, SendFlags())
        # None leaves the parameter out of the request (Telegram's default: rings, forwardable).
        silent, protect = flags.silent or None, flags.protect or None
        if d.poll is not None:
            # Anonymous: Telegram then reports totals only, never who chose what.
            return await self.bot.send_poll(
                d.chat_id,
                str(d.poll["question"]),
                [str(option) for option in d.poll["options"]],
                is_anonymous=True,
                reply_markup=markup,
                message_thread_id=d.message_thread_id,
                disable_notification=silent,
                protect_content=protect,
            )
        if photo is not None:
            return await self.bot.send_photo(
                d.chat_id,
                photo,
                caption=d.text,
                parse_mode=d.parse_mode,
                reply_markup=markup,
                message_thread_id=d.message_thread_id,
                disable_notification=silent,
                protect_content=protect,
            )
        return await self.bot.send_message(
            d.chat_id,
            d.text,
            parse_mode=d.parse_mode,
            link_preview_options=self._preview,
            reply_markup=markup,
            message_thread_id=d.message_thread_id,
            disable_notification=silent,
            protect_content=protect,
        )

    async def _paced_send(self, d: Delivery) -> Message | DeliveryResult:
        """Send ``d``, each request in its own pacer slot; a picture Telegram cannot fetch
        (remembered: not tried again) falls back to the text, and a button it refuses to
        the message without buttons: the reader gets the message rather than nothing."""
        photo = None if d.photo in self._refused_photos else d.photo
        markup = (
            None
            if d.reply_markup is None
            else InlineKeyboardMarkup.de_json(dict(d.reply_markup), None)
        )
        while True:
            slot = await self.pacer.acquire(d.chat_id)
            if d.id in self._paused:  # its broadcast was paused while it waited
                self.pacer.release(slot)
                return DeliveryResult(d.id, d.chat_id, "held", d.attempts, owner=self.owner)
            if not self.membership.holds(d.lease_until):
                # Checked right before the request: pacing may have held it past the lease.
                self.pacer.release(slot)
                log.warning("lease of delivery %d may have run out; not sent here", d.id)
                return DeliveryResult(d.id, d.chat_id, "lapsed", d.attempts, owner=d.owner)
            task = asyncio.current_task()
            if task is not None:
                self._on_the_wire.add(task)
            try:
                return await self._send(d, photo, markup)
            except BadRequest as error:
                if markup is not None and _BUTTON_REFUSED.search(error.message):
                    log.warning("button refused for delivery %d, sending without", d.id)
                    markup = None
                elif photo is not None:
                    log.warning("photo refused for delivery %d, sending text", d.id)
                    if _PHOTO_REFUSED.search(error.message):
                        self._refused_photos.add(photo)
                    photo = None
                else:
                    raise
            finally:
                self.pacer.release(slot)
                if task is not None:
                    self._on_the_wire.discard(task)

    async def _attempt(self, d: Delivery) -> DeliveryResult:
        attempts = d.attempts + 1
        policy = self.policy
        try:
            sent = await self._paced_send(d)
            if isinstance(sent, DeliveryResult):
                return sent
            message = sent
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
            # Network errors, timeouts, 5xx and anything Telegram may add later: transient,
            # retried for the whole window so that an outage of hours loses nothing.
            reason = redact(f"{type(error).__name__}: {error}")
            now = time.time()
            if policy.gives_up(attempts, d.retry_since or now, now):
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
                d.id, d.chat_id, "failed", attempts, redact(f"{type(error).__name__}: {error}")
            )
        return DeliveryResult(
            d.id,
            d.chat_id,
            "sent",
            attempts,
            telegram_message_id=message.message_id,
            poll_id=message.poll.id if message.poll is not None else None,
        )
