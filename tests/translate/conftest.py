"""The loopback LibreTranslate stand-in the translation tests talk to."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from cagbot.translate.fake import FakeTranslate


@pytest.fixture
async def fake() -> AsyncIterator[FakeTranslate]:
    server = FakeTranslate()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
