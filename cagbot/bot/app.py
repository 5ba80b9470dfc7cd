"""The composition root: the one place that builds the Application and wires every feature.

Modelled on the python-telegram-bot team's rules-bot: settings in, a fully built
``Application`` out; resources are opened in ``post_init`` and closed in ``post_shutdown``;
each feature module exposes ``register(app)`` and is registered in :func:`_register_features`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final, cast

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    ContextTypes,
    TypeHandler,
)

from cagbot.bot.context import BotApp, BotContext, Services
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.ratelimit import ChatPacedRateLimiter
from cagbot.bot.topics import TopicBot
from cagbot.bot.update_processor import PerChatUpdateProcessor
from cagbot.botapi import ALLOWED_UPDATES, tls_context
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.metrics import CountingRequest
from cagbot.search import SearchEngine, persist, plainwords
from cagbot.settings import Settings
from cagbot.store import Store

log = logging.getLogger(__name__)
#: Seconds after start-up when "Did you mean"'s word lists are read (cagbot.search.plainwords).
WARM_WORDS_AFTER = 5.0
#: Seconds after post_init when a background start runs the startup hooks even if no
#: update came (a restarted bot's deliveries should not wait for someone to write).
HOOKS_AFTER = 1.0
#: What is answered while the background services still start: /start and /help (with a
#: deep link or the bot's name) need only the store, the index and the catalogs.
_ANSWERED_AT_ONCE: Final = re.compile(r"^/(?:start|help)(?:@\w+)?(?:\s|$)")


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """The HTTP client's knobs: production values by default; tests and benchmarks against
    the emulator shorten the timeouts or switch off the proactive rate limits."""

    read_timeout: float = 15.0  # seconds for a send/edit answer
    poll_read_timeout: float = 40.0  # getUpdates (PTB adds the long-poll timeout)
    rate_limits: bool = True  # AIORateLimiter's 30/s overall, 20/min per group
    pace_private_chats: bool = True  # about 1 send/s per private chat (see bot/ratelimit.py)


class MissingTokenError(RuntimeError):
    """The bot cannot start without a token."""


class CagbotApplication(Application[Any, Any, Any, Any, Any, Any]):
    """Runs ``post_init``/``post_shutdown`` from ``initialize``/``shutdown`` as well.

    PTB calls those hooks only from ``run_polling``/``run_webhook``; tests, the demo and
    anything else that drives ``initialize()``/``start()`` by hand get the same lifecycle.
    Both hooks are idempotent, so ``run_polling`` calling them again changes nothing.
    """

    async def initialize(self) -> None:
        await super().initialize()
        if self.post_init is not None:
            await self.post_init(self)

    async def stop(self) -> None:
        # A background start still running (`cagbot run` stopped at once) is cancelled
        # first: its hooks schedule jobs and its menus need the Bot's open client.
        await _stop_starting(self.bot_data)
        await super().stop()

    async def shutdown(self) -> None:
        await _stop_starting(self.bot_data)  # also when stop() was never called
        await super().shutdown()
        if self.post_shutdown is not None:
            await self.post_shutdown(self)

    #: Called once an update has been handled (the webhook deletes it from its inbox).
    on_handled: Callable[[object], Awaitable[None]] | None = None

    async def process_update(self, update: object) -> None:
        try:
            await super().process_update(update)
        finally:
            if isinstance(self.bot_data, Services):
                self.bot_data.hooks_wanted.set()  # the first reply is out: start the rest
            if self.on_handled is not None:
                try:
                    await asyncio.shield(self.on_handled(update))
                except Exception:
                    # Kept in the inbox: handled again at the next start rather than lost.
                    logging.getLogger(__name__).warning("could not mark an update handled")


def _file_url(api_base_url: str) -> str:
    """``https://host/bot`` -> ``https://host/file/bot`` (Bot API file download URL)."""
    head, sep, tail = api_base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if sep else f"{api_base_url}/file"


def build_application(settings: Settings, client: ClientOptions | None = None) -> BotApp:
    """Build the bot: real HTTP client, rate limiter, typed context, every feature wired."""
    client = client or ClientOptions()
    if settings.token is None:
        raise MissingTokenError(
            "CAGBOT_TOKEN is not set: get a token from @BotFather (or run `cagbot demo`)"
        )
    # TopicBot: PTB's ExtBot that keeps replies in the forum topic they answer (bot/topics).
    bot = TopicBot(
        settings.token.get_secret_value(),
        base_url=settings.api_base_url,
        base_file_url=_file_url(settings.api_base_url),
        request=CountingRequest(  # counting requests by method and outcome, for /metrics
            connection_pool_size=16,
            read_timeout=client.read_timeout,
            write_timeout=client.read_timeout,
            httpx_kwargs={"verify": tls_context()},
        ),
        get_updates_request=CountingRequest(
            connection_pool_size=2,
            read_timeout=client.poll_read_timeout,
            httpx_kwargs={"verify": tls_context()},
        ),
        rate_limiter=_rate_limiter(client),
    )
    builder = (
        ApplicationBuilder()
        .application_class(CagbotApplication)
        .bot(bot)
        .context_types(ContextTypes(context=BotContext, bot_data=Services))
        .concurrent_updates(PerChatUpdateProcessor(64))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    # The builder's type does not carry the context type over to the JobQueue parameter.
    application = cast(BotApp, builder.build())
    application.bot_data.configure(settings)
    _register_features(application)
    return application


def _rate_limiter(client: ClientOptions) -> BaseRateLimiter[int]:
    # Retrying after a 429 is always wanted; a rate of 0 switches a proactive limit off.
    rates = {} if client.rate_limits else {"overall_max_rate": 0, "group_max_rate": 0}
    if client.pace_private_chats:
        return ChatPacedRateLimiter(max_retries=3, **rates)
    return AIORateLimiter(max_retries=3, **rates)


def _register_features(app: BotApp) -> None:
    # Feature modules, one per thing a person can do. Order matters only where two
    # handlers could match the same update: commands first, free text last.
    from cagbot.bot import (
        ask,
        channels,
        detail,
        errors,
        fallback,
        flood,
        groups,
        heartbeat,
        inline,
        language,
        latest,
        menu,
        notifications,
        opportunities,
        privacy,
        quiet_hours,
        saved_searches,
        search,
        sharing,
        start,
        subscribe,
        timezone,
        translation,
        voice,
    )
    from cagbot.bot.staff import error_reports, stats
    from cagbot.bot.staff.broadcast import compose as broadcast
    from cagbot.bot.staff.calls import form as calls

    app.add_handler(TypeHandler(Update, _wait_until_started), group=HandlerGroup.STARTING)
    errors.register(app)  # global error handler: log, then a localized apology
    error_reports.register(app)  # summaries of unexpected errors to CAGBOT_STAFF_CHAT_ID
    flood.register(app)  # per-person budget, checked before any other handler
    groups.register(app)  # chat migrations, bot removed from a group
    start.register(app)  # /start (deep links), /help
    menu.register(app)  # the main menu's buttons
    language.register(app)  # /language
    timezone.register(app)  # /timezone
    quiet_hours.register(app)  # /settings: quiet hours
    latest.register(app)  # /latest with paging
    opportunities.register(app)  # /opportunities with type filters
    detail.register(app)  # a post's 🔔 Remind me toggle, wherever its details show
    subscribe.register(app)  # /subscribe, /unsubscribe, /settings
    stats.register(app)  # /stats (staff only)
    privacy.register(app)  # /mydata, /forget
    inline.register(app)  # @bot query in any chat
    sharing.register(app)  # 📅 Add to calendar (an .ics of a call's deadline)
    saved_searches.register(app)  # /alerts, "🔔 Tell me about new results" (issue 25)
    search.register(app)  # /search, post details, and free text in private chats
    voice.register(app)  # voice notes, transcribed and handled as typed (CAGBOT_STT_URL)
    ask.register(app)  # Ask CAG: questions to the staff chat and answers back (issue 26)
    notifications.register(app)  # deliveries, reminders, feed polling, digests
    heartbeat.register(app)  # every 30 s, for `cagbot health`
    translation.register(app)  # machine translation in the background (optional)
    broadcast.register(app)  # /broadcast (staff), through notify's outbox
    calls.register(app)  # /newcall, /calls: opportunities managed in Telegram (staff)
    channels.register(app)  # CAGBOT_CHANNELS and forum topics (/here)
    fallback.register(app)  # anything nobody took: "expired", a hint and the menu (keep last)


async def _post_init(app: BotApp) -> None:
    from cagbot.search.loading import start_filling

    services = app.bot_data
    if services.ready:
        return
    settings = services.settings
    store = await Store.open(settings.database, backup=True)  # `run` migrates (docs)
    try:
        lexicon = load_lexicon()
        await store.posts.sync_topics(lexicon.topic_slugs())
        engine = SearchEngine(lexicon)
        i18n = await asyncio.to_thread(I18n.load)
    except BaseException:
        await store.close()
        raise
    services.start(store=store, search=engine, lexicon=lexicon, i18n=i18n)
    # The first page is indexed now; the rest (the database's snapshot brought up to
    # date, or every post) fills in the search worker while the bot already answers.
    covers = await store.search_index.marks()
    loader = await start_filling(
        engine,
        store.posts.after,
        rest=lambda after: _after_the_start(services, lambda: persist.fill(store, engine, after)),
    )
    if loader is None:
        # All of it fitted the first page: the index covers the content as it stood before
        # it was read, so posts written later by another process are applied on top.
        engine.covers = covers
    else:
        services.on_shutdown(lambda _app: _finish_index(loader, store, engine))
    log.info("bot ready: %d posts indexed%s", len(engine), ", more loading" if loader else "")
    # "Did you mean" reads its word lists once (1-2 s of CPU): in a thread, a little after
    # the start so the first replies do not share the CPU with it, and not on someone's query.
    loop = asyncio.get_running_loop()
    loop.call_later(WARM_WORDS_AFTER, lambda: loop.run_in_executor(None, plainwords.warm))
    if services.start_in_background:
        # `cagbot run`: polling starts now; the first /start is answered without waiting
        # for deliveries, feeds, the heartbeat or the dozens of setMyCommands requests.
        services.starting = asyncio.ensure_future(_start_services(app, after_first_reply=True))
    else:
        await _start_services(app)


async def _start_services(app: BotApp, *, after_first_reply: bool = False) -> None:
    """The startup hooks (notifications, heartbeat, error reports, ...), then the menus.
    ``after_first_reply``: the hooks wait until the first update was handled or one needs
    them, at most :data:`HOOKS_AFTER` seconds (at 100k posts their first looks at the
    content took the CPU from the first reply, bench/startup_bench.py)."""
    from cagbot.bot.commands import publish_menus

    if after_first_reply:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(app.bot_data.hooks_wanted.wait(), HOOKS_AFTER)
    for hook in app.bot_data.startup_hooks:
        await hook(app)
    app.bot_data.hooks_ran.set()
    await publish_menus(app)
    log.debug("background services started")


async def _after_the_start(services: Services, work: Callable[[], Awaitable[None]]) -> None:
    """The rest of the index loads once the startup hooks ran: at 100k posts its restore
    took the CPU from the first reply (bench/startup_bench.py); searches meanwhile say the
    index is loading, as they do while it loads."""
    await asyncio.sleep(0)  # post_init sets ``starting`` before this task first runs
    await _until_hooks_ran(services)
    await work()


async def _wait_until_started(update: object, context: BotContext) -> None:
    """While the background services start, an update that may need them (a delivery to
    wake, a staff summary to queue, a broadcast to follow) waits for the startup hooks;
    /start and /help, a newcomer's first words, go on at once. A failed start stops the bot
    (cagbot.polling)."""
    if not _answered_at_once(update):
        context.services.hooks_wanted.set()
        await _until_hooks_ran(context.services)


async def _until_hooks_ran(services: Services) -> None:
    """Until the startup hooks ran, or the background start ended without (failed)."""
    starting = services.starting
    if starting is None or starting.done() or services.hooks_ran.is_set():
        return
    ran: asyncio.Future[Any] = asyncio.ensure_future(services.hooks_ran.wait())
    try:
        await asyncio.wait({ran, starting}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        ran.cancel()


def _answered_at_once(update: object) -> bool:
    message = update.message if isinstance(update, Update) else None
    text = message.text if message is not None else None
    return text is not None and _ANSWERED_AT_ONCE.match(text) is not None


async def _finish_index(loader: asyncio.Task[Any], store: Store, engine: SearchEngine) -> None:
    """Stop a load still running; save the index when the snapshot is missing or stale,
    so the next start restores it instead of rebuilding (nobody waits for searches now)."""
    await _cancel(loader)
    if persist.worth_saving(engine):
        await persist.save(store, engine)


async def _cancel(task: asyncio.Task[Any]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _stop_starting(services: object) -> None:
    """Cancel the background start if the bot stops before it is done."""
    if not isinstance(services, Services):
        return
    starting = services.starting
    if isinstance(starting, asyncio.Task) and not starting.done():
        await _cancel(starting)


async def _post_shutdown(app: BotApp) -> None:
    services = app.bot_data
    if not services.ready:
        return
    await _stop_starting(services)
    for hook in services.shutdown_hooks:
        try:
            await hook(app)
        except Exception:
            log.exception("shutdown hook failed")
    store = services.store
    services.stop()
    await store.close()


def run_polling(settings: Settings) -> None:
    """Run the bot with long polling until interrupted (``cagbot run``)."""
    application = build_application(settings)
    application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
