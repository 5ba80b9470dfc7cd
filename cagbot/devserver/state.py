"""The emulator's state: the simulated world's tables, the update queue and the wake-ups.

Every mixin of :class:`~cagbot.devserver.emulator.Emulator` subclasses :class:`EmulatorState`,
so each one sees (and mypy checks) the same attributes; ``__init__`` here is the only one.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from aiohttp import web

from cagbot.devserver.faults import Faults
from cagbot.devserver.files import Files
from cagbot.devserver.limits import FloodControl, FloodLimits
from cagbot.devserver.model import BotMessage, JsonDict, SimChat, SimUser, Stats, Violation

if TYPE_CHECKING:
    from cagbot.devserver.emulator import Emulator

DEFAULT_TOKEN = "123456:TEST-token-aaaaaaaaaaaaaaaaaaaa"  # noqa: S105 - a fake
_MAX_NOTES = 1000


class EmulatorState:
    """What one emulated bot token holds: its users, chats, messages, updates and counters.

    ``record_messages=False`` keeps only counters (for 100k-chat benchmarks);
    ``max_messages_per_chat`` keeps just the newest messages of each chat.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        limits: FloodLimits | None = None,
        bot_username: str = "cagbot_test_bot",
        bot_first_name: str = "cagbot",
        *,
        record_messages: bool = True,
        max_messages_per_chat: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        bot_id, sep, _ = token.partition(":")
        if not sep or not bot_id.isdigit():
            raise ValueError("token must look like '<bot id>:<secret>'")
        self.token = token
        self.bot_id = int(bot_id)
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.limits = limits if limits is not None else FloodLimits()
        self.record_messages = record_messages
        self.max_messages_per_chat = max_messages_per_chat
        # Faults migrates groups through World; every Emulator is one, this class alone is not.
        self.faults = Faults(cast("Emulator", self))
        #: Files users sent (voice notes), for getFile and downloads.
        self.files = Files()
        self.stats = Stats()
        self.violations: list[Violation] = []
        #: Parameters Telegram would silently ignore, as "method: param" (bounded).
        self.notes: list[str] = []
        self.callback_answers: dict[str, JsonDict] = {}
        self.inline_answers: dict[str, JsonDict] = {}
        self.users: dict[int, SimUser] = {}
        self.chats: dict[int, SimChat] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.menu_buttons: dict[int | None, JsonDict] = {}
        self.webhook_url = ""
        self.base_url = ""
        self.port = 0
        self._clock = clock
        self._flood = FloodControl(self.limits)
        self._messages: dict[int, dict[int, BotMessage]] = {}
        self._deleted: set[tuple[int, int]] = set()
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._updates: deque[JsonDict] = deque()
        self._update_ids = itertools.count(1)
        self._allowed: frozenset[str] | None = None
        self._callback_queries: dict[str, JsonDict] = {}
        self._inline_queries: dict[str, JsonDict] = {}
        self._query_ids = itertools.count(4_000_000_000_000_001)
        self._user_ids = itertools.count(100_001)
        self._group_ids = itertools.count(1)
        self._read_cursor: dict[int, int] = {}
        self._edit_cursor: dict[tuple[int, int], int] = {}
        self._poll_waiters: set[asyncio.Event] = set()
        self._activity: set[asyncio.Event] = set()
        self._poll_generation = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._stopping: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._noted: set[str] = set()

    def set_limits(self, limits: FloodLimits) -> None:
        """Replace the flood limits (and forget the sends counted so far)."""
        self.limits = limits
        self._flood = FloodControl(limits)

    @property
    def bot_user(self) -> JsonDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # -- the update queue and wake-ups ----------------------------------------------------

    def inject(self, update: JsonDict) -> int:
        """Queue a raw update (an ``update_id`` is assigned) and wake long polls."""
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **{k: v for k, v in update.items() if k != "update_id"}}
        self._updates.append(update)
        self._wake_pollers()
        return update_id

    def _note(self, note: str) -> None:
        if note not in self._noted and len(self.notes) < _MAX_NOTES:
            self._noted.add(note)
            self.notes.append(note)

    def _wake(self, events: set[asyncio.Event]) -> None:
        if not events:
            return
        if self._loop is not None and threading.get_ident() != self._loop_thread:
            for event in list(events):
                self._loop.call_soon_threadsafe(event.set)
        else:
            for event in list(events):
                event.set()

    def _wake_pollers(self) -> None:
        self._wake(self._poll_waiters)

    def _notify_activity(self) -> None:
        self._wake(self._activity)
