"""The capped read every source fetch goes through."""

from __future__ import annotations

import httpx
import pytest

from cagbot.content import http
from cagbot.content.parsing import SourceError


async def test_a_body_within_the_cap_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "MAX_SOURCE_BYTES", 10)
    assert await http.read_capped(httpx.Response(200, content=b"0123456789")) == b"0123456789"


async def test_a_body_past_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "MAX_SOURCE_BYTES", 10)
    with pytest.raises(SourceError, match="larger than"):
        await http.read_capped(httpx.Response(200, content=b"0123456789!"))
