"""The loopback speech-to-text service for journeys that speak (a helper, not a test module):
the ``speech`` fixture points the bot (requested after it) at a fresh FakeSpeech, and
:func:`audio` makes a note no file holds by chance (tests/e2e/test_voice.py, test_ask.py)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from cagbot.speech.fake import FakeSpeech


def audio() -> bytes:
    """Bytes no file holds by chance: an Ogg header and 8 KB of noise."""
    return b"OggS\x00\x02" + os.urandom(8192)


@pytest.fixture
async def speech(request: pytest.FixtureRequest) -> AsyncIterator[FakeSpeech]:
    """The fake service, and the bot (requested after this) pointed at it."""
    fake = FakeSpeech()
    await fake.start()
    marker = request.node.get_closest_marker("bot_settings")
    settings = {**(marker.kwargs if marker else {}), "stt_url": fake.url, "stt_model": "small"}
    request.node.add_marker(pytest.mark.bot_settings(**settings), append=False)
    try:
        yield fake
    finally:
        await fake.stop()
