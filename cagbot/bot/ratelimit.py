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

The per-chat retry calls ``AIORateLimiter._run_request`` (PTB 22.8), which applies the
overall limit without PTB's global pause.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any, Final

from aiolimiter import AsyncLimiter
from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

#: Sends to one private chat: a burst of 3, then a little under one a second (the Bot
#: FAQ's guidance is about one a second).
CHAT_BURST: Final = 3
CHAT_PER_SECOND: Final = 0.8
#: Above this many paced chats, the idle ones are forgotten.
MAX_CHATS: Final = 10_000


class ChatPacedRateLimiter(AIORateLimiter):
    def __init__(
        self,
        *,
        chat_burst: int = CHAT_BURST,
        chat_per_second: float = CHAT_PER_SECOND,
        max_chats: int = MAX_CHATS,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self._chat_burst = chat_burst
        self._chat_period = chat_burst / chat_per_second
        self._max_chats = max_chats
        self._chats: dict[int, tuple[AsyncLimiter, float]] = {}

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
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat_id = data.get("chat_id")
        if not isinstance(chat_id, int) or chat_id <= 0 or data.get("allow_paid_broadcast"):
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        # A private chat (its id is the person's): paced, and retried on its own.
        retries = rate_limit_args or self._max_retries
        async with self._limiter(chat_id):
            for attempt in range(retries + 1):
                try:
                    return await self._run_request(
                        chat=True,
                        group=False,
                        allow_paid_broadcast=False,
                        callback=callback,
                        args=args,
                        kwargs=kwargs,
                    )
                except RetryAfter as error:
                    if attempt == retries:
                        raise
                    await asyncio.sleep(_seconds(error) + 0.1)
        raise AssertionError("unreachable")  # pragma: no cover


def _seconds(error: RetryAfter) -> float:
    # An int in PTB 22 (reading it warns of the coming timedelta); a timedelta later.
    value: object = error._retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value) if isinstance(value, int | float) else 1.0
