"""Fetching sources over HTTP: one User-Agent, timeout and size cap for every GET the
bot makes (``cagbot import URL`` and feed polling alike)."""

from __future__ import annotations

from typing import Final

import httpx

from cagbot.content.parsing import MAX_SOURCE_BYTES, SourceError

USER_AGENT: Final = "cagbot (+https://centralasien.se/)"
FETCH_TIMEOUT: Final = 20.0


async def read_capped(response: httpx.Response) -> bytes:
    """A streamed response's body; past :data:`MAX_SOURCE_BYTES` it is refused unread, so a
    huge or endless answer cannot exhaust memory."""
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_SOURCE_BYTES:
            raise SourceError(f"larger than {MAX_SOURCE_BYTES // 2**20} MB")
        chunks.append(chunk)
    return b"".join(chunks)
