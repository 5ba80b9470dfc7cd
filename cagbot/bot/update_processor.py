"""The order updates are handled in: per chat, one at a time; across chats, at once.

PTB's default runs every update concurrently (or all in sequence). cagbot needs both: a
person's second tap acts on the first one's result, while a slow or flooding chat holds
nobody else up. :class:`PerChatUpdateProcessor` does that, notes when each update arrived
(the flood budget judges arrivals) and the forum topic it came from (replies go there).
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from cagbot.bot.topics import answering
from cagbot.metrics import UPDATE_SECONDS

# Updates may wait for their chat's lock in any number (each is a small task); see
# PerChatUpdateProcessor for why PTB's semaphore is not the limit.
_WAITING_UPDATES = 1_000_000


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Updates from different chats run concurrently; updates from one chat run in order.

    A person who taps two buttons quickly must see the second act on the first's result
    (topic toggles, paging), while one slow or flooding chat must not hold everybody else up.

    PTB takes its concurrency semaphore *before* :meth:`do_process_update`, so updates
    queued behind one busy chat's lock would hold every slot and starve all other chats.
    PTB's own limit is therefore left wide open and the real one (``max_concurrent_updates``
    handlers running at once) is taken here, after the chat's lock.
    """

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(_WAITING_UPDATES)
        self._running = asyncio.Semaphore(max_concurrent_updates)
        self.running_limit = max_concurrent_updates
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._arrivals: dict[int, float] = {}
        # Updates waiting for their chat's lock, per chat: a handler may skip work a later
        # update of the same chat will redo (see later_press_on).
        self._waiting: dict[int, list[Update]] = {}
        # The tasks PTB runs updates in, known here so that a shutdown past its deadline can
        # cancel exactly these (PTB keeps its own set private).
        self._handling: set[asyncio.Task[Any]] = set()

    def arrived_at(self, update: object) -> float | None:
        """When the update reached the bot (``time.monotonic``), before waiting for its
        chat: the flood budget judges arrivals, not the moment an update's turn comes."""
        if not isinstance(update, Update):
            return None
        return self._arrivals.get(update.update_id)

    def later_press_on(self, update: Update, actions: frozenset[str]) -> bool:
        """Whether a button press with one of ``actions`` on the same message as
        ``update``'s press waits behind it in its chat. Quick taps on a keyboard then
        edit the message once, for the last tap, instead of once per tap (edits count
        against Telegram's per-chat limit, and each would hold the next tap up)."""
        from cagbot.callbacks import decode

        query = update.callback_query
        key = _ordering_key(update)
        if query is None or query.message is None or key is None:
            return False
        for waiting in self._waiting.get(key, ()):
            later = waiting.callback_query
            if later is None or later.message is None:
                continue
            pressed = decode(later.data)
            if (
                later.message.message_id == query.message.message_id
                and pressed is not None
                and pressed.action in actions
            ):
                return True
        return False

    def cancel_handling(self) -> int:
        """Cancel every update still waiting for its chat or running its handlers; returns
        how many. For a shutdown whose deadline has passed."""
        handling = list(self._handling)
        for task in handling:
            task.cancel()
        return len(handling)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handling.add(task)
        try:
            if not isinstance(update, Update):
                await self._process(update, coroutine)
                return
            arrived = self._arrivals[update.update_id] = time.monotonic()
            try:
                with answering(update):  # replies go to the topic the update came from
                    await self._process(update, coroutine)
            finally:
                self._arrivals.pop(update.update_id, None)
                UPDATE_SECONDS.observe(time.monotonic() - arrived)  # /metrics
        finally:
            if task is not None:
                self._handling.discard(task)

    async def _process(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _ordering_key(update)
        if key is None:
            async with self._running:
                await coroutine
            return
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        waiting = self._waiting.setdefault(key, [])
        assert isinstance(update, Update)
        waiting.append(update)
        try:
            async with lock:
                waiting.remove(update)
                if not waiting:
                    self._waiting.pop(key, None)
                async with self._running:
                    await coroutine
        finally:
            if update in waiting:  # cancelled while waiting
                waiting.remove(update)
                if not waiting:
                    self._waiting.pop(key, None)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _ordering_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None
