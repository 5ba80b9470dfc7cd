"""Client-side send limits: PTB's AIORateLimiter plus Telegram's per-private-chat pace.

AIORateLimiter keeps the bot within 30 sends/s overall and 20/min per group, but has no
limit per private chat, and on a 429 it pauses *every* request until ``retry_after`` has
passed. So a handful of quick answers to one person (Telegram allows about one message a
second per chat, with a short burst) earns a 429 that stalls everybody else's answers for a
second or more. :class:`ChatPacedRateLimiter` paces sends to each private chat with an
``aiolimiter`` leaky bucket first, a little slower than Telegram's pace so that network
jitter does not tip it over, and when a private chat still gets a 429 it waits and retries
that chat's send alone instead of pausing the whole bot. The person who asks a lot waits
for their own answers; nobody else does (measured in bench/flood_bench.py).

Only PTB's public rate-limiter API is used: every send still goes through
``AIORateLimiter.process_request`` (the overall and group limits), and a private chat's 429
reaches it disguised as :class:`_ChatRetryAfter`, which it does not catch, so it neither
pauses everybody nor retries; this class retries that chat alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Coroutine
from typing import Any, Final

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, BaseRateLimiter

from cagbot.botapi import seconds_to_wait

#: Sends to one private chat: a burst of 3, then a little under one a second (the Bot
#: FAQ's guidance is about one a second).
CHAT_BURST: Final = 3
CHAT_PER_SECOND: Final = 0.8
#: Above this many paced chats, the idle ones are forgotten.
MAX_CHATS: Final = 10_000
#: With this many replies waiting for the overall limit, a newly waiting one first shows
#: "…typing" (a chat action: not counted by Telegram's message limits, so not paced).
TYPING_AFTER: Final = 10
#: Telegram counts 30 messages in any one second. A leaky bucket of capacity C leaking r/s
#: lets C + r through in a second, so AIORateLimiter's default (30, leaking 30/s) lets 60
#: through and earns 429s (each pausing every reply): 5 at once, then 25 a second, stays
#: under 30 in every second.
OVERALL_BURST: Final = 5
OVERALL_PER_SECOND: Final = 25
#: Seconds after the last reply during which bulk sends still hold back: its sends count
#: against Telegram's one-second window, which the bulk pacer does not see.
QUIET_AFTER: Final = 1.2

# What a Bot API call returns to PTB (PTB's own alias for it is private).
_Result = bool | dict[str, Any] | list[dict[str, Any]]


class _ChatRetryAfter(Exception):
    """A private chat's 429, hidden from AIORateLimiter (see the module docstring)."""

    def __init__(self, error: RetryAfter) -> None:
        super().__init__(str(error))
        self.error = error


class ChatPacedRateLimiter(BaseRateLimiter[int]):
    """AIORateLimiter's limits for every send, plus a pace and solo retries per private chat.

    ``options`` are AIORateLimiter's (``overall_max_rate``, ``group_max_rate``, ...).
    """

    def __init__(
        self,
        *,
        chat_burst: int = CHAT_BURST,
        chat_per_second: float = CHAT_PER_SECOND,
        max_chats: int = MAX_CHATS,
        max_retries: int = 0,
        **options: float,
    ) -> None:
        options.setdefault("overall_max_rate", OVERALL_BURST)
        options.setdefault("overall_time_period", OVERALL_BURST / OVERALL_PER_SECOND)
        self._shared = AIORateLimiter(max_retries=max_retries, **options)
        self._max_retries = max_retries
        self._chat_burst = chat_burst
        self._chat_period = chat_burst / chat_per_second
        self._max_chats = max_chats
        self._chats: dict[int, tuple[AsyncLimiter, float]] = {}
        #: Replies waiting for a limit or on the wire now: while any are, the bulk
        #: dispatcher of the same bot holds back (see :meth:`replies_waiting`).
        self.waiting = 0
        self._last_reply = -QUIET_AFTER
        #: time.monotonic() of the same bot's last bulk send (set by the notifications).
        self.last_bulk_send: Callable[[], float] | None = None

    def replies_waiting(self) -> bool:
        """Whether answers to people are waiting or just went out: they go before
        broadcasts."""
        return self.waiting > 0 or time.monotonic() - self._last_reply < QUIET_AFTER

    async def initialize(self) -> None:
        await self._shared.initialize()

    async def shutdown(self) -> None:
        await self._shared.shutdown()

    def _limiter(self, chat_id: int) -> AsyncLimiter:
        now = time.monotonic()
        entry = self._chats.get(chat_id)
        if entry is None and len(self._chats) >= self._max_chats:
            # A bucket unused for a full period has drained: a new one is the same thing.
            self._chats = {
                key: value
                for key, value in self._chats.items()
                if now - value[1] < self._chat_period
            }
        limiter = entry[0] if entry else AsyncLimiter(self._chat_burst, self._chat_period)
        self._chats[chat_id] = (limiter, now)
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, _Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> _Result:
        chat_id = data.get("chat_id")
        if endpoint == "sendChatAction":
            return await callback(*args, **kwargs)  # not a message: no limit applies
        if not endpoint.startswith(("send", "copy", "forward", "edit")):
            # Answers to button presses and inline queries are not messages either: never
            # queued behind the sends.
            return await callback(*args, **kwargs)
        self.waiting += 1
        try:
            if isinstance(chat_id, int) and chat_id > 0 and self.waiting > TYPING_AFTER:
                await self._typing(callback, kwargs, chat_id)
            if self.last_bulk_send is not None:
                # Bulk sends hold back now (replies_waiting); the ones of the last second
                # still fill Telegram's window, which this limiter does not see.
                wait = self.last_bulk_send() + QUIET_AFTER - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
            return await self._limited(callback, args, kwargs, endpoint, data, rate_limit_args)
        finally:
            self.waiting -= 1
            self._last_reply = time.monotonic()

    @staticmethod
    async def _typing(
        callback: Callable[..., Coroutine[Any, Any, _Result]],
        kwargs: dict[str, Any],
        chat_id: int,
    ) -> None:
        """Show "…typing" while the reply waits its turn (best effort, never in the way)."""
        # PTB's callback takes (endpoint, data) like the request it limits.
        with contextlib.suppress(Exception):
            await callback("sendChatAction", {"chat_id": chat_id, "action": "typing"}, **kwargs)

    async def _limited(
        self,
        callback: Callable[..., Coroutine[Any, Any, _Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> _Result:
        chat_id = data.get("chat_id")
        if not isinstance(chat_id, int) or chat_id <= 0 or data.get("allow_paid_broadcast"):
            return await self._shared.process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )

        # A private chat (its id is the person's): paced, and retried on its own.
        async def send(*call_args: Any, **call_kwargs: Any) -> _Result:
            try:
                return await callback(*call_args, **call_kwargs)
            except RetryAfter as error:
                raise _ChatRetryAfter(error) from error

        retries = rate_limit_args or self._max_retries
        async with self._limiter(chat_id):
            for attempt in range(retries + 1):
                try:
                    return await self._shared.process_request(
                        send, args, kwargs, endpoint, data, rate_limit_args
                    )
                except _ChatRetryAfter as hidden:
                    if attempt == retries:
                        raise hidden.error from None
                    await asyncio.sleep(seconds_to_wait(hidden.error) + 0.1)
        raise AssertionError("unreachable")  # pragma: no cover
