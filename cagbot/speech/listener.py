"""What happens to one voice note: too long, over a rate limit, or fetched and transcribed
within a deadline. Knows nothing of Telegram: the bot hands in a ``fetch`` that downloads
the note's bytes into memory."""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final

from cagbot.speech.client import SpeechError, Transcriber

log = logging.getLogger(__name__)

#: Telegram lets bots download files of at most 20 MB (getFile).
MAX_DOWNLOAD: Final = 20 * 1024 * 1024
PERSON_WINDOW: Final = 3600.0
OVERALL_WINDOW: Final = 60.0


class Outcome(enum.Enum):
    HEARD = "heard"
    TOO_LONG = "too_long"
    PERSON_LIMIT = "person_limit"  # this person sent too many notes this hour
    BUSY = "busy"  # everybody together sent too many this minute
    FAILED = "failed"  # download or service failed, or took longer than the deadline
    EMPTY = "empty"  # the service heard no words


@dataclass(frozen=True, slots=True)
class Heard:
    outcome: Outcome
    text: str = ""


class _Window:
    """At most ``limit`` events per ``seconds`` for each key (sliding window, in memory)."""

    def __init__(self, limit: int, seconds: float, clock: Callable[[], float]) -> None:
        self.limit, self.seconds, self._clock = limit, seconds, clock
        self._events: dict[int, deque[float]] = {}

    def full(self, key: int) -> bool:
        now = self._clock()
        events = self._events.get(key)
        while events and now - events[0] >= self.seconds:
            events.popleft()
        return events is not None and len(events) >= self.limit

    def take(self, key: int) -> None:
        """Count an event (after :meth:`full` said there is room)."""
        now = self._clock()
        self._events.setdefault(key, deque()).append(now)
        # Forget people whose every event has aged out, so the map stays small.
        if len(self._events) > 10_000:
            for stale in [k for k, v in self._events.items() if now - v[-1] >= self.seconds]:
                del self._events[stale]


class Listener:
    def __init__(
        self,
        transcriber: Transcriber,
        *,
        max_seconds: int,
        person_per_hour: int,
        per_minute: int,
        deadline: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transcriber = transcriber
        self.max_seconds = max_seconds
        self.deadline = deadline
        self._person = _Window(person_per_hour, PERSON_WINDOW, clock)
        self._overall = _Window(per_minute, OVERALL_WINDOW, clock)

    async def hear(
        self,
        person: int,
        duration: float,
        size: int | None,
        fetch: Callable[[], Awaitable[bytes]],
        mime_type: str = "audio/ogg",
    ) -> Heard:
        """Transcribe one voice note of ``duration`` seconds sent by ``person``."""
        if duration > self.max_seconds or (size is not None and size > MAX_DOWNLOAD):
            return Heard(Outcome.TOO_LONG)
        # Both limits are checked before either is counted: a note refused for one
        # does not use up the other.
        if self._person.full(person):
            return Heard(Outcome.PERSON_LIMIT)
        if self._overall.full(0):
            return Heard(Outcome.BUSY)
        self._person.take(person)
        self._overall.take(0)
        try:
            async with asyncio.timeout(self.deadline):
                audio = await fetch()
                if len(audio) > MAX_DOWNLOAD:
                    return Heard(Outcome.TOO_LONG)
                text = await self.transcriber.transcribe(audio, mime_type)
        except TimeoutError:
            log.warning("speech: no transcript within %.1f s", self.deadline)
            return Heard(Outcome.FAILED)
        except SpeechError as error:
            log.warning("speech service failed: %s", error)
            return Heard(Outcome.FAILED)
        # Whisper-like models answer silence with "" or a lone "." or "…": no words.
        if not any(char.isalnum() for char in text):
            return Heard(Outcome.EMPTY)
        return Heard(Outcome.HEARD, text)

    async def close(self) -> None:
        await self.transcriber.close()
