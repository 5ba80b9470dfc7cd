"""ChatPacedRateLimiter: a private chat's 429 is retried for that chat alone; everything
else goes through AIORateLimiter's public process_request (and its retries)."""

from __future__ import annotations

import asyncio
import warnings
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from cagbot.bot.ratelimit import ChatPacedRateLimiter
from cagbot.botapi import retry_after_seconds, seconds_to_wait

NO_RATES = {"overall_max_rate": 0, "group_max_rate": 0}
PAUSE = timedelta(milliseconds=200)


def _retry_after(pause: timedelta = PAUSE) -> RetryAfter:
    with warnings.catch_warnings():  # PTB 22.8's constructor reads its own int property
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return RetryAfter(pause)


class Flaky:
    """A send that answers 429 ``failures`` times, then succeeds; records each call."""

    def __init__(self, name: str, log: list[str], failures: int = 0) -> None:
        self.name, self.log, self.failures = name, log, failures
        self.called = asyncio.Event()

    async def __call__(self, *args: Any, **kwargs: Any) -> bool:
        self.log.append(self.name)
        self.called.set()
        if self.failures:
            self.failures -= 1
            raise _retry_after()
        return True


async def _send(limiter: ChatPacedRateLimiter, callback: Flaky, chat_id: int) -> Any:
    data = {"chat_id": chat_id, "text": "hi"}
    return await limiter.process_request(callback, (), {}, "sendMessage", data, None)


async def test_a_private_chats_429_is_retried_without_pausing_other_chats() -> None:
    limiter = ChatPacedRateLimiter(max_retries=3, **NO_RATES)
    log: list[str] = []
    private = Flaky("private", log, failures=1)
    first = asyncio.create_task(_send(limiter, private, 1001))
    await private.called.wait()
    # While the private chat waits out its 429, a group's send goes straight through: with
    # AIORateLimiter's global pause it would come after the private retry.
    assert await _send(limiter, Flaky("group", log), -100) is True
    assert await first is True
    assert log == ["private", "group", "private"]


async def test_a_private_chats_last_429_is_raised_as_retry_after() -> None:
    limiter = ChatPacedRateLimiter(max_retries=1, **NO_RATES)
    log: list[str] = []
    with pytest.raises(RetryAfter):
        await _send(limiter, Flaky("private", log, failures=5), 1001)
    assert log == ["private", "private"]


async def test_groups_are_retried_by_aioratelimiter() -> None:
    limiter = ChatPacedRateLimiter(max_retries=2, **NO_RATES)
    log: list[str] = []
    await limiter.initialize()
    assert await _send(limiter, Flaky("group", log, failures=2), -100) is True
    await limiter.shutdown()
    assert log == ["group"] * 3


def test_retry_after_is_read_as_int_or_timedelta() -> None:
    assert retry_after_seconds(3) == 3.0
    assert retry_after_seconds(timedelta(seconds=2, milliseconds=500)) == 2.5
    assert seconds_to_wait(_retry_after(timedelta(seconds=4))) == 4.0


class Recorder:
    """A Bot API callback that records the endpoints it was called for."""

    def __init__(self, log: list[str], name: str | None = None) -> None:
        self.log, self.name = log, name

    async def __call__(self, endpoint: str = "", data: Any = None, **kwargs: Any) -> bool:
        self.log.append(self.name or endpoint)
        return True


async def test_button_answers_are_never_queued_behind_sends() -> None:
    limiter = ChatPacedRateLimiter(overall_max_rate=1, overall_time_period=1, group_max_rate=0)
    await limiter.initialize()
    log: list[str] = []
    sends = [
        asyncio.ensure_future(
            limiter.process_request(
                Recorder(log, f"send{n}"), (), {}, "sendMessage", {"chat_id": 100 + n}, None
            )
        )
        for n in range(3)
    ]
    await asyncio.sleep(0)
    assert limiter.replies_waiting()
    answer = Recorder(log, "answer")
    data = {"callback_query_id": "1"}
    await limiter.process_request(answer, (), {}, "answerCallbackQuery", data, None)
    await asyncio.gather(*sends)
    assert log.index("answer") < log.index("send2")
    assert limiter.waiting == 0


async def test_a_reply_that_waits_in_a_crowd_shows_typing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("cagbot.bot.ratelimit.TYPING_AFTER", 0)
    limiter = ChatPacedRateLimiter(**NO_RATES)
    log: list[str] = []
    callback = Recorder(log)
    data = {"chat_id": 1001, "text": "hi"}
    await limiter.process_request(callback, ("sendMessage", data), {}, "sendMessage", data, None)
    assert log == ["sendChatAction", "sendMessage"]
