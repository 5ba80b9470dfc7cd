"""The typed context every handler receives, and the services it carries.

``Services`` is the Application's ``bot_data`` (``ContextTypes(bot_data=Services)``): PTB
creates it empty when the Application is built; :func:`cagbot.bot.app.build_application`
gives it the settings and ``post_init`` fills in the store, search engine, lexicon and
catalogs. Handlers reach them as ``context.services.store`` and so on, typed, without casts.

``BotContext.translator()`` resolves the language of the chat an update came from once per
update (see :func:`cagbot.i18n.resolve_language`); ``BotContext.remember_chat()`` keeps the
chat's row (its type and Telegram language) that this resolution reads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from telegram import Chat, Update
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from cagbot.bot.throttle import Throttles
from cagbot.i18n import I18n, Translator, map_telegram_language, resolve_language
from cagbot.lexicon import Lexicon
from cagbot.settings import Language, Settings
from cagbot.store import Store
from cagbot.store.subscribers import Subscriber

if TYPE_CHECKING:
    from cagbot.bot.heartbeat import HeartbeatWriter
    from cagbot.bot.notifications import NotifyRuntime
    from cagbot.bot.staff.broadcast.drafts import Draft
    from cagbot.bot.staff.error_reports import ErrorReports
    from cagbot.notify.broadcasts import BroadcastService
    from cagbot.search import SearchEngine


class ServicesNotReady(RuntimeError):
    """A service was used before ``post_init`` created it (or after shutdown)."""


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One entry of a command menu. ``description`` is an English msgid marked with ``N_``."""

    name: str
    description: str
    staff: bool = False  # only in the staff menu (BotCommandScopeChat per admin)
    private: bool = False  # works in private chats only: not offered in groups
    group_admin: bool = False  # in a group, changes the group's settings: offered to admins


Hook: TypeAlias = Callable[["BotApp"], Awaitable[None]]
# Extra lines for /stats (e.g. deliveries), already translated with the given translator.
StatsProvider: TypeAlias = Callable[[Translator], Awaitable[list[str]]]


class Services:
    """Long-lived objects shared by all handlers (the Application's ``bot_data``)."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._store: Store | None = None
        self._search: SearchEngine | None = None
        self._lexicon: Lexicon | None = None
        self._i18n: I18n | None = None
        # Filled by feature modules' register(app), read by post_init.
        self.commands: list[CommandSpec] = []
        self.startup_hooks: list[Hook] = []
        self.shutdown_hooks: list[Hook] = []
        self.stats_providers: list[StatsProvider] = []
        # Per-person flood budgets (cagbot.bot.flood); tests may swap them.
        self.throttles: Throttles = Throttles.default()
        # Message edits waiting to be sent, per (chat id, message id): the latest wins
        # (cagbot.bot.kit.edit).
        self.pending_edits: dict[tuple[int, int], Any] = {}
        # The query in the other languages when CAGBOT_TRANSLATE_URL is set
        # (cagbot.translate.query), searched too when the query finds less than a page.
        self.query_variants: Callable[[str], Awaitable[tuple[str, ...]]] | None = None
        # What each live broadcast progress message shows, per (chat id, message id): its
        # follower and the pause/resume buttons both edit it (cagbot.bot.staff.broadcast.sending).
        self.progress_shown: dict[tuple[int, int], Any] = {}
        # /broadcast drafts being composed, by user id (cagbot.bot.staff.broadcast.drafts):
        # in memory only, nothing is sent before the confirmation.
        self.broadcast_drafts: dict[int, Draft] = {}
        # "Today" for deadlines; tests replace it to pin the calendar.
        self.today: Callable[[], date] = lambda: datetime.now(UTC).date()
        # The bot's background services, set by their modules' register(app): deliveries,
        # feeds, reminders and broadcasts (cagbot.bot.notifications); error summaries to
        # staff (cagbot.bot.staff.error_reports, None without CAGBOT_STAFF_CHAT_ID); the heartbeat.
        self.notifications: NotifyRuntime | None = None
        self.error_reports: ErrorReports | None = None
        self.heartbeat: HeartbeatWriter | None = None
        # `cagbot run` (cagbot.polling) sets this before initialize(): the startup hooks
        # and the command menus then run in ``starting``, a task of post_init, while the bot
        # already polls; updates that need the hooks wait for them (cagbot.bot.app). Left False
        # (tests, the demo, the webhook), post_init awaits them in place.
        self.start_in_background = False
        self.starting: asyncio.Future[None] | None = None
        #: Set when the background start should run the hooks: the first update was
        #: handled, or one needs them (else they run a moment after start-up anyway).
        self.hooks_wanted = asyncio.Event()
        #: Set once the startup hooks ran (the menus may still be on their way).
        self.hooks_ran = asyncio.Event()

    # -- wiring ----------------------------------------------------------------------

    def configure(self, settings: Settings) -> None:
        self._settings = settings

    def start(self, *, store: Store, search: SearchEngine, lexicon: Lexicon, i18n: I18n) -> None:
        self._store, self._search, self._lexicon, self._i18n = store, search, lexicon, i18n

    def stop(self) -> None:
        self._store = None
        self._search = None

    def add_command(
        self,
        name: str,
        description: str,
        *,
        staff: bool = False,
        private: bool = False,
        group_admin: bool = False,
    ) -> None:
        """Put a command in the menus (``description`` marked with ``N_``). ``private``: it
        works in private chats only, so groups are not offered it; ``group_admin``: in a
        group only its admins are offered it."""
        if any(spec.name == name and spec.staff == staff for spec in self.commands):
            return
        self.commands.append(CommandSpec(name, description, staff, private, group_admin))

    def on_startup(self, hook: Hook) -> None:
        """Run ``hook(app)`` at the end of post_init, once the store and search are ready."""
        self.startup_hooks.append(hook)

    def on_shutdown(self, hook: Hook) -> None:
        """Run ``hook(app)`` in post_shutdown, before the store closes."""
        self.shutdown_hooks.append(hook)

    def add_stats(self, provider: StatsProvider) -> None:
        """Contribute lines to /stats (plain text; the staff view escapes them)."""
        self.stats_providers.append(provider)

    # -- access ------------------------------------------------------------------------

    @staticmethod
    def _ready(value: Any, name: str) -> Any:
        if value is None:
            raise ServicesNotReady(f"{name} is not available before post_init")
        return value

    @property
    def settings(self) -> Settings:
        value: Settings = self._ready(self._settings, "settings")
        return value

    @property
    def store(self) -> Store:
        value: Store = self._ready(self._store, "store")
        return value

    @property
    def search(self) -> SearchEngine:
        value: SearchEngine = self._ready(self._search, "search")
        return value

    @property
    def lexicon(self) -> Lexicon:
        value: Lexicon = self._ready(self._lexicon, "lexicon")
        return value

    @property
    def i18n(self) -> I18n:
        value: I18n = self._ready(self._i18n, "i18n")
        return value

    @property
    def broadcasts(self) -> BroadcastService | None:
        """/broadcast's service (cagbot.notify.broadcasts); None until the notifications
        run (cagbot.bot.notifications starts it with the dispatcher)."""
        return self.notifications.broadcasts if self.notifications is not None else None

    @property
    def ready(self) -> bool:
        return self._store is not None and self._i18n is not None


class BotContext(CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], Services]):
    """CallbackContext with typed services and the update's language."""

    def __init__(
        self,
        application: BotApp,
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self._update: Update | None = None
        self._translator: Translator | None = None

    @classmethod
    def from_update(
        cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]
    ) -> BotContext:
        context = super().from_update(update, application)
        context._update = update if isinstance(update, Update) else None
        return context

    @property
    def services(self) -> Services:
        return self.bot_data

    async def language(self) -> Language:
        return (await self.translator()).language

    async def translator(self) -> Translator:
        """The translator for whoever this update came from (cached for the update)."""
        if self._translator is None:
            services = self.services
            language = (
                await language_for(self._update, services)
                if services.ready
                else services.settings.default_language
            )
            self._translator = services.i18n.get(language) if services.ready else None
            if self._translator is not None:
                # Times in the chat's zone (a private chat's id is the user's id).
                chat, user = self._update_chat_and_user()
                where = chat or user
                chosen = await services.store.subscribers.time_zone_of(where) if where else None
                self._translator = self._translator.in_zone(chosen)
            if self._translator is None:
                from cagbot.i18n import null_translator

                self._translator = null_translator(language)
        return self._translator

    def _update_chat_and_user(self) -> tuple[int | None, int | None]:
        update = self._update
        if update is None:
            return None, None
        chat, user = update.effective_chat, update.effective_user
        return (chat.id if chat else None), (user.id if user else None)

    async def remember_chat(self) -> Subscriber | None:
        """The update's chat row, created if new. A private chat keeps its person's Telegram
        language up to date; a group takes the Telegram language of whoever brought it to the
        bot (the admin who added the bot or first set it up) and keeps it, so that everything
        sent there (replies, notifications, digests) is in one language until its admins
        choose another with /language. Only the chat's type and that language are kept,
        nothing about the person; :func:`language_for` reads them back."""
        update = self._update
        if update is None or update.effective_chat is None:
            return None
        chat, user = update.effective_chat, update.effective_user
        subscribers = self.services.store.subscribers
        reported = None
        human = user is not None and not user.is_bot
        if human and (
            chat.type == Chat.PRIVATE or (await subscribers.language_of(chat.id))[1] is None
        ):
            assert user is not None
            reported = map_telegram_language(user.language_code)
        kinds = ("private", "group", "supergroup", "channel")
        chat_type = chat.type if chat.type in kinds else "group"
        return await subscribers.ensure(chat.id, chat_type, reported)  # type: ignore[arg-type]

    def forget_language(self) -> None:
        """Call after the chat's language changed, so the next lookup reads it afresh."""
        self._translator = None


async def language_for(update: Update | None, services: Services) -> Language:
    """Resolve the language for an update: a group's choice (else its adder's language),
    the person's choice, their Telegram language, the configured default."""
    default = services.settings.default_language
    if update is None:
        return default
    subscribers = services.store.subscribers
    chat, user = update.effective_chat, update.effective_user
    telegram_code = user.language_code if user else None
    if chat is not None and chat.type != Chat.PRIVATE:
        # A group speaks the language its admins chose, else its adder's (remember_chat):
        # the same one its notifications and digests use, whoever writes there.
        chosen, adders = await subscribers.language_of(chat.id)
        if chosen or adders:
            return resolve_language(chosen, adders, default)
    if user is None:
        return default
    chosen, stored_telegram = await subscribers.language_of(user.id)
    return resolve_language(chosen, telegram_code or stored_telegram, default)


BotApp: TypeAlias = Application[
    ExtBot[int], BotContext, dict[Any, Any], dict[Any, Any], Services, JobQueue[BotContext]
]
