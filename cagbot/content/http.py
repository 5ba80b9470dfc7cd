"""Fetching sources over HTTP: one User-Agent, timeouts and size cap for every GET the
bot makes (``cagbot import URL`` and feed polling alike).

A per-read timeout alone does not bound a fetch: a server that drips a byte every few
seconds never trips it. So every GET also has a total deadline, from connecting to the last
byte, and a size cap checked against Content-Length first and against what arrived as it
streams in. Whatever goes wrong becomes one :class:`SourceError` with a short reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import httpx

from cagbot.content.parsing import MAX_SOURCE_BYTES, SourceError

USER_AGENT: Final = "cagbot (+https://centralasien.se/)"
#: Seconds any single connect or read may take.
FETCH_TIMEOUT: Final = 20.0
#: Seconds a whole fetch may take, connect to last byte (a 10 MB feed needs far less).
FETCH_DEADLINE: Final = 60.0
MAX_REDIRECTS: Final = 5


@dataclass(frozen=True, slots=True)
class Answer:
    """A GET's outcome: the status, the body (None for 304 Not Modified), the headers."""

    status: int
    body: bytes | None
    headers: httpx.Headers


async def get(
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    deadline: float | None = None,
    read_timeout: float = FETCH_TIMEOUT,
    max_bytes: int | None = None,
) -> Answer:
    """GET ``url`` within ``deadline`` seconds and ``max_bytes``; a 2xx or 304 answer, or
    :class:`SourceError`."""
    deadline = FETCH_DEADLINE if deadline is None else deadline
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    try:
        async with (
            asyncio.timeout(deadline),
            httpx.AsyncClient(
                timeout=read_timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS
            ) as client,
            client.stream("GET", url, headers=sent) as response,
        ):
            if response.status_code == 304:
                return Answer(304, None, response.headers)
            response.raise_for_status()
            return Answer(
                response.status_code, await read_capped(response, max_bytes), response.headers
            )
    except TimeoutError:
        # Raised by asyncio.timeout (httpx's own timeouts are httpx.TimeoutException).
        raise SourceError(f"no complete answer within {deadline:g} s") from None
    except httpx.TimeoutException as error:
        raise SourceError(f"timed out: {type(error).__name__}") from None
    except httpx.HTTPStatusError as error:
        raise SourceError(f"could not fetch: HTTP {error.response.status_code}") from None
    except httpx.HTTPError as error:
        raise SourceError(f"could not fetch: {error}") from None


async def read_capped(response: httpx.Response, max_bytes: int | None = None) -> bytes:
    """A streamed response's body; past ``max_bytes`` (default :data:`MAX_SOURCE_BYTES`) it
    is refused unread, so a huge or endless answer cannot exhaust memory."""
    if max_bytes is None:
        max_bytes = MAX_SOURCE_BYTES
    too_large = SourceError(f"larger than {max_bytes / 2**20:g} MB")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)
