"""Notifications inside the running bot: the dispatcher task, feed polling, reminders,
digests and broadcast follow-up, started in post_init and stopped in post_shutdown.

The dispatcher has its own :class:`telegram.Bot` (no ``AIORateLimiter``): its
:class:`~cagbot.notify.pacer.Pacer` keeps bulk sends within the limits, a little below 30/s
so that the interactive replies of the same bot keep some room.

Nothing here dies silently: the dispatcher and each broadcast follow-up run under a
:class:`~cagbot.supervise.Supervisor` (logged, restarted with back-off, staff told when it
keeps failing), and the jobs (feeds, reminders, digests) are :func:`~cagbot.supervise.guarded`.
A broadcast's progress message is stored with it, so a restarted bot resumes editing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from telegram import Bot
from telegram.ext import Application

from cagbot.bot.context import BotApp, BotContext, Services, ServicesNotReady
from cagbot.i18n import Translator
from cagbot.notify.broadcasts import BroadcastReport, BroadcastService
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.feeds import FeedOutcome, FeedPoller
from cagbot.notify.notifier import Notifier
from cagbot.notify.pacer import PaceLimits, Pacer
from cagbot.notify.retry import RetryPolicy
from cagbot.notify.transport import AiohttpRequest
from cagbot.notify.watch import WATCH_EVERY, PostWatcher
from cagbot.settings import Settings
from cagbot.supervise import Supervisor, guarded
from cagbot.timezones import DIGEST_HOUR  # local hour in each chat's zone
from cagbot.views import notifications as texts

log = logging.getLogger(__name__)

#: Bulk sends per second in production; the rest of 30/s is left to interactive replies.
BULK_PER_SECOND = 27
CONCURRENCY = 48
READ_TIMEOUT = 15.0
#: Seconds sends already on the wire get to finish at shutdown (below READ_TIMEOUT).
SHUTDOWN_GRACE = 5.0
HOUSEKEEPING_EVERY = 3600.0
FOLLOW_EVERY = 5.0  # seconds between progress edits of a broadcast's status message

#: Seconds between looks for broadcasts nobody here follows (a CLI run handed them over).
ADOPT_EVERY = 30.0

ProgressHook = Callable[[BroadcastReport, bool], Awaitable[None]]
#: Builds the hook that edits a stored progress message: (chat id, message id, language).
ProgressResumer = Callable[[int, int, str], ProgressHook]


def runtime_of(app: Application[Any, Any, Any, Any, Services, Any]) -> NotifyRuntime:
    """The notification runtime registered on this Application (``Services.notifications``)."""
    runtime = app.bot_data.notifications
    if runtime is None:
        raise ServicesNotReady("notifications are not registered on this application")
    return runtime


class NotifyRuntime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dispatcher: Dispatcher | None = None
        self.notifier: Notifier | None = None
        self.broadcasts: BroadcastService | None = None
        self.poller: FeedPoller | None = None
        #: Posts written by another process (`cagbot import`): indexed and announced.
        self.watcher: PostWatcher | None = None
        self.watch_every = WATCH_EVERY
        self._bot: Bot | None = None
        self._request: AiohttpRequest | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._dispatching: asyncio.Future[None] | None = None
        self._polling: asyncio.Future[None] | None = None
        self._services: Services | None = None
        #: /broadcast drafts being composed, by staff user id (cagbot.bot.staff.broadcast).
        self.drafts: dict[int, Any] = {}
        self.follow_every = FOLLOW_EVERY
        self.adopt_every = ADOPT_EVERY
        #: Set by the /broadcast feature: how to edit a progress message after a restart.
        self.resume_progress: ProgressResumer | None = None
        self._followed: set[int] = set()
        self._job_failures: dict[str, int] = {}

    def _spawn(self, coroutine: Awaitable[None]) -> asyncio.Future[None]:
        task: asyncio.Task[None] = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def start(self, app: BotApp) -> None:
        services = self._services = app.bot_data
        settings, store = services.settings, services.store
        token = settings.token.get_secret_value() if settings.token else ""
        # One transport for both of the Bot's slots (it never polls), so that stop() can
        # close it: Bot.shutdown() does nothing for a Bot that was never initialize()d.
        self._request = AiohttpRequest(CONCURRENCY, read_timeout=READ_TIMEOUT)
        self._bot = Bot(
            token,
            base_url=settings.api_base_url,
            request=self._request,
            get_updates_request=self._request,
        )
        pacer = Pacer(PaceLimits(overall_per_second=BULK_PER_SECOND))
        # Replies to people go before broadcasts: while the bot's own sends wait for
        # Telegram's overall limit (a crowd of newcomers), bulk sends hold back.
        limiter = app.bot.rate_limiter
        replies_waiting = getattr(limiter, "replies_waiting", None)
        if limiter is not None and callable(replies_waiting) and hasattr(limiter, "last_bulk_send"):
            pacer.yield_to = replies_waiting
            limiter.last_bulk_send = lambda: pacer.last_start
        self.dispatcher = Dispatcher(
            store,
            self._bot,
            pacer=pacer,
            policy=RetryPolicy(window=settings.retry_window, max_delay=settings.retry_max_delay),
            concurrency=CONCURRENCY,
            grace=SHUTDOWN_GRACE,
            lease=settings.delivery_lease,
            role="bot",
        )
        self.notifier = Notifier(
            store,
            settings,
            services.i18n,
            services.lexicon,
            on_queued=self.dispatcher.wake,
            bot_username=app.bot.username,
        )
        self.broadcasts = BroadcastService(store, settings.default_language)
        self.poller = FeedPoller(
            store,
            settings.feeds,
            settings.poll_interval,
            lexicon=services.lexicon,
            on_failure=self._feed_failed,
            on_recovery=self._feed_recovered,
            on_polled=self._feed_polled,
        )
        await self.notifier.announce_new_posts()
        self.watcher = PostWatcher(
            store,
            lambda: services.search if services.ready else None,
            self.notifier,
            every=self.watch_every,
        )
        self._spawn(
            Supervisor("new posts", self.watcher.run, on_trouble=self._trouble, log=log).run()
        )
        self._dispatching = self._spawn(
            Supervisor("deliveries", self.dispatcher.run, on_trouble=self._trouble, log=log).run()
        )
        self._spawn(
            Supervisor("broadcasts", self._adopt_forever, on_trouble=self._trouble, log=log).run()
        )
        job_queue = app.job_queue
        if job_queue is not None:
            if settings.feeds:
                job_queue.run_repeating(
                    self._poll_job, interval=settings.poll_interval, first=5, name="feeds"
                )
            job_queue.run_repeating(
                self._housekeeping_job, interval=HOUSEKEEPING_EVERY, first=60, name="notify"
            )

    async def stop(self, app: BotApp) -> None:
        if self.dispatcher is not None and self._dispatching is not None:
            # Let the sends on the wire come back and be recorded, rather than cancel them
            # and resend at the next start what Telegram already accepted.
            self.dispatcher.stop()
            await asyncio.wait({self._dispatching}, timeout=self.dispatcher.grace + 5.0)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._request is not None:
            with contextlib.suppress(Exception):
                await self._request.shutdown()

    async def stats(self, t: Translator) -> list[str]:
        """/stats lines: deliveries by status, broadcasts sent, each feed's last poll."""
        if self._services is None or not self._services.ready:
            return []
        store = self._services.store
        feeds = [await store.feeds.get(url) for url in self._services.settings.feeds]
        return texts.delivery_stats(
            t, await store.outbox.counts(), await store.outbox.broadcasts_done(), feeds
        )

    # -- jobs -------------------------------------------------------------------------------

    async def poll_feeds(self) -> list[FeedOutcome]:
        assert self.poller is not None
        assert self.notifier is not None
        outcomes = await self.poller.poll()
        # Each feed was indexed as soon as it was done (_feed_polled); this catches a poller
        # built without that hook. Upserting a post twice is harmless.
        await self._index([post_id for outcome in outcomes for post_id in outcome.changed])
        await self.notifier.announce_new_posts()
        return outcomes

    async def _index(self, post_ids: list[int]) -> None:
        """Polled posts become searchable at once, not at the next restart."""
        if not post_ids or self._services is None or not self._services.ready:
            return
        services = self._services
        for post in await services.store.posts.get_many(post_ids):
            services.search.upsert(post)

    async def _feed_polled(self, outcome: FeedOutcome) -> None:
        # Each feed's posts are searchable and announced when it is done, whatever the others.
        await self._index(outcome.changed)
        if outcome.added and self.notifier is not None:
            await self.notifier.announce_new_posts()

    async def _poll_job(self, context: BotContext) -> None:
        # The poll runs as our task, not inside the job: JobQueue.stop() waits for running
        # jobs, so a fetch in progress would hold up SIGTERM; stop() cancels the task instead.
        if self._polling is None or self._polling.done():
            self._polling = self._spawn(
                guarded(
                    "feeds",
                    self.poll_feeds,
                    log=log,
                    on_trouble=self._trouble,
                    state=self._job_failures,
                )
            )

    async def _housekeeping_job(self, context: BotContext) -> None:
        services = context.bot_data

        async def work() -> None:
            await self.housekeeping(services)

        await guarded(
            "housekeeping", work, log=log, on_trouble=self._trouble, state=self._job_failures
        )

    async def _trouble(self, work: str, failures: int, error: BaseException) -> None:
        """Background work keeps failing: staff hear it (the log has the details)."""
        if self.notifier is not None:
            await self.notifier.alert_staff(lambda t: texts.work_failing(t, work, failures), None)

    async def housekeeping(self, services: Services) -> None:
        """The hourly job: reminders due by ``services.today()`` (tests pin the calendar),
        digests, pruning of old outbox rows."""
        assert self.notifier is not None
        await self.notifier.send_reminders(services.today())
        await self.notifier.run_due_digests(datetime.now(UTC), DIGEST_HOUR)
        await services.store.outbox.prune()

    async def _feed_failed(self, outcome: FeedOutcome) -> None:
        # Tell staff at the first failure and then every 5th, not at every back-off step.
        if self.notifier is None or (outcome.failures != 1 and outcome.failures % 5):
            return
        minutes = max(1, round(outcome.retry_in / 60))
        await self.notifier.alert_staff(
            lambda t: texts.feed_failing(
                t, outcome.url, outcome.error or "", outcome.failures, minutes
            ),
            None,
        )

    async def _feed_recovered(self, outcome: FeedOutcome) -> None:
        if self.notifier is not None:
            await self.notifier.alert_staff(lambda t: texts.feed_recovered(t, outcome.url), None)

    # -- broadcasts -------------------------------------------------------------------------

    def follow(
        self,
        broadcast_id: int,
        recipients: int,
        hook: ProgressHook | None,
        *,
        progress: tuple[int, int, str] | None = None,
    ) -> None:
        """Watch a running broadcast; call ``hook(report, done)`` when the counts change
        (at most every few seconds) and once at the end, with the audit row updated.
        ``progress``: (chat id, message id, language) of the message ``hook`` edits, stored
        so that a restarted bot goes on editing it and sends the final report."""
        if broadcast_id in self._followed:
            return
        self._followed.add(broadcast_id)

        async def work() -> None:
            if progress is not None and self._services is not None:
                await self._services.store.outbox.set_progress(broadcast_id, *progress)
            await self._follow(broadcast_id, recipients, hook)

        supervisor = Supervisor("broadcasts", work, on_trouble=self._trouble, log=log)
        self._spawn(supervisor.run())

    async def _adopt_forever(self) -> None:
        while True:
            await self.adopt()
            await asyncio.sleep(self.adopt_every)

    async def adopt(self) -> int:
        """Follow every running broadcast nobody here follows: those of the previous
        process (their progress message resumes) and those a CLI run handed over."""
        assert self._services is not None
        outbox = self._services.store.outbox
        adopted = 0
        for broadcast_id in await outbox.unfinished_broadcasts():
            if broadcast_id in self._followed:
                continue
            recipients = await outbox.recipients_of(broadcast_id)
            stored = await outbox.progress_message(broadcast_id)
            hook = None
            if stored is not None and self.resume_progress is not None:
                hook = self.resume_progress(*stored)
            self.follow(broadcast_id, recipients, hook)
            adopted += 1
        return adopted

    async def _follow(self, broadcast_id: int, recipients: int, hook: ProgressHook | None) -> None:
        assert self.broadcasts is not None
        last: BroadcastReport | None = None
        while True:
            await asyncio.sleep(self.follow_every)
            report = await self.broadcasts.progress(broadcast_id, recipients)
            if report.pending == 0:
                final = await self.broadcasts.finish(broadcast_id, recipients)
                if hook is not None:
                    await _quietly(hook(final, True))
                return
            if hook is not None and report != last:
                await _quietly(hook(report, False))
            last = report


async def _quietly(call: Awaitable[None]) -> None:
    # A failed status edit must not stop following the broadcast.
    try:
        await call
    except Exception:
        log.warning("broadcast progress update failed", exc_info=True)


def register(app: BotApp) -> None:
    """Wire deliveries, reminders, feed polling and digests into the application."""
    runtime = NotifyRuntime(app.bot_data.settings)
    app.bot_data.notifications = runtime
    app.bot_data.on_startup(runtime.start)
    app.bot_data.on_shutdown(runtime.stop)
    app.bot_data.add_stats(runtime.stats)
