"""The rules around one voice note: length, size, rate limits, the deadline."""

from __future__ import annotations

import asyncio

import pytest

from cagbot.speech import Listener, Outcome, SpeechError, Transcriber
from cagbot.speech.listener import MAX_DOWNLOAD


class _Scripted(Transcriber):
    def __init__(self, answer: str = "hej", error: bool = False, delay: float = 0.0) -> None:
        super().__init__("http://127.0.0.1:9", "m")
        self.answer, self.error, self.delay, self.calls = answer, error, delay, 0

    async def transcribe(self, audio: bytes, mime_type: str = "audio/ogg") -> str:
        self.calls += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.error:
            raise SpeechError("HTTP 503")
        return self.answer


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _listener(transcriber: Transcriber, clock: _Clock, **limits: float) -> Listener:
    options = {"max_seconds": 60, "person_per_hour": 2, "per_minute": 3, "deadline": 5.0}
    options.update(limits)
    return Listener(
        transcriber,
        max_seconds=int(options["max_seconds"]),
        person_per_hour=int(options["person_per_hour"]),
        per_minute=int(options["per_minute"]),
        deadline=options["deadline"],
        clock=clock,
    )


async def _audio() -> bytes:
    return b"audio"


async def test_heard_text_and_empty_silence() -> None:
    clock = _Clock()
    assert (await _listener(_Scripted("hej"), clock).hear(1, 3, 5, _audio)).text == "hej"
    for silence in ("", ".", " … "):
        heard = await _listener(_Scripted(silence), clock).hear(1, 3, 5, _audio)
        assert heard.outcome is Outcome.EMPTY
    assert (await _listener(_Scripted("5"), clock).hear(1, 3, 5, _audio)).text == "5"


@pytest.mark.parametrize(("duration", "size"), [(61, 5), (3, MAX_DOWNLOAD + 1)])
async def test_too_long_or_too_big_is_not_fetched(duration: float, size: int) -> None:
    fetched: list[bool] = []

    async def fetch() -> bytes:
        fetched.append(True)
        return b""

    heard = await _listener(_Scripted(), _Clock()).hear(1, duration, size, fetch)
    assert heard.outcome is Outcome.TOO_LONG
    assert fetched == []


async def test_per_person_limit_refills_after_an_hour() -> None:
    clock = _Clock()
    listener = _listener(_Scripted(), clock, per_minute=100)
    outcomes = [(await listener.hear(1, 3, 5, _audio)).outcome for _ in range(3)]
    assert outcomes == [Outcome.HEARD, Outcome.HEARD, Outcome.PERSON_LIMIT]
    assert (await listener.hear(2, 3, 5, _audio)).outcome is Outcome.HEARD
    clock.now = 3600.0
    assert (await listener.hear(1, 3, 5, _audio)).outcome is Outcome.HEARD


async def test_overall_limit_per_minute() -> None:
    clock = _Clock()
    listener = _listener(_Scripted(), clock)
    outcomes = [(await listener.hear(person, 3, 5, _audio)).outcome for person in range(4)]
    assert outcomes == [Outcome.HEARD] * 3 + [Outcome.BUSY]
    clock.now = 60.0
    assert (await listener.hear(9, 3, 5, _audio)).outcome is Outcome.HEARD


async def test_failures_and_the_deadline_are_failed() -> None:
    clock = _Clock()
    failing = await _listener(_Scripted(error=True), clock).hear(1, 3, 5, _audio)
    assert failing.outcome is Outcome.FAILED
    slow = await _listener(_Scripted(delay=10.0), clock, deadline=0.05).hear(1, 3, 5, _audio)
    assert slow.outcome is Outcome.FAILED

    async def broken_download() -> bytes:
        raise SpeechError("download failed: NetworkError")

    broken = await _listener(_Scripted(), clock).hear(1, 3, 5, broken_download)
    assert broken.outcome is Outcome.FAILED


async def test_a_note_refused_by_one_limit_does_not_count_against_the_other() -> None:
    clock = _Clock()
    listener = _listener(_Scripted(), clock, person_per_hour=1, per_minute=2)
    assert (await listener.hear(1, 3, 5, _audio)).outcome is Outcome.HEARD
    for _ in range(3):
        assert (await listener.hear(1, 3, 5, _audio)).outcome is Outcome.PERSON_LIMIT
    assert (await listener.hear(2, 3, 5, _audio)).outcome is Outcome.HEARD
    assert (await listener.hear(3, 3, 5, _audio)).outcome is Outcome.BUSY
    clock.now = 60.0
    assert (await listener.hear(3, 3, 5, _audio)).outcome is Outcome.HEARD
