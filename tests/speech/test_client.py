"""The speech-to-text client against the loopback fake of an OpenAI-compatible service."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from cagbot.speech import SpeechError, Transcriber
from cagbot.speech.fake import FakeSpeech


@pytest.fixture
async def fake() -> AsyncIterator[FakeSpeech]:
    service = FakeSpeech(key="sesame")
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


async def test_sends_the_audio_model_and_language_and_reads_the_text(fake: FakeSpeech) -> None:
    fake.answers[b"note"] = "  стажировка   в Бишкеке \n"
    client = Transcriber(fake.url, "small", language="ru", key="sesame")
    try:
        assert await client.transcribe(b"note") == "стажировка в Бишкеке"
    finally:
        await client.close()
    assert fake.requests == [
        {"model": "small", "language": "ru", "response_format": "json", "size": 4}
    ]


async def test_a_url_given_with_the_path_is_not_doubled(fake: FakeSpeech) -> None:
    from cagbot.settings import Settings

    settings = Settings(stt_url=fake.url + "/v1/audio/transcriptions/", _env_file=None)  # type: ignore[call-arg]
    assert settings.stt_url == fake.url
    client = Transcriber(settings.stt_url or "", "m", key="sesame")
    try:
        assert await client.transcribe(b"unknown") == ""
    finally:
        await client.close()


@pytest.mark.parametrize(("key", "status"), [("wrong", None), ("sesame", 500)])
async def test_refusals_and_failures_raise(fake: FakeSpeech, key: str, status: int | None) -> None:
    fake.fail_with = status
    client = Transcriber(fake.url, "m", key=key)
    try:
        with pytest.raises(SpeechError, match="HTTP"):
            await client.transcribe(b"note")
    finally:
        await client.close()


async def test_an_unreachable_service_raises() -> None:
    client = Transcriber("http://127.0.0.1:9", "m", timeout=1.0)
    try:
        with pytest.raises(SpeechError, match="request failed"):
            await client.transcribe(b"note")
    finally:
        await client.close()
