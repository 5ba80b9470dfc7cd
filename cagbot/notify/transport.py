"""An aiohttp transport for PTB's ``Bot``, used by the dispatcher for bulk sends.

Why: PTB's default ``HTTPXRequest`` slows down as concurrency grows (measured here against a
loopback server: raw httpx 1,040 req/s at 4 connections, 540 at 16, 340 at 48; aiohttp
6,500-9,100 over the same range), which capped the dispatcher below 1,000 msg/s. PTB keeps
doing the rest (parameters, the error mapping to ``RetryAfter``/``Forbidden``/... and the
parsing of the answer), since it is plugged in as a :class:`telegram.request.BaseRequest`.
Text methods only: requests with files are refused (the dispatcher sends none).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from cagbot.content.http import USER_AGENT
from cagbot.log_folding import request_failed
from cagbot.logs import error_text
from cagbot.metrics import count_request, outcome_of_status

if TYPE_CHECKING:
    import aiohttp

# aiohttp is imported at the first request, not with this module: the bot's first reply
# does not wait for its client side (about 0.15 s to import), only the dispatcher's sends do.


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        connection_pool_size: int = 48,
        *,
        read_timeout: float | None = 15.0,
        write_timeout: float | None = 15.0,
        connect_timeout: float | None = 5.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        import aiohttp

        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        import aiohttp

        if request_data is not None and request_data.contains_files:
            raise NetworkError("AiohttpRequest sends text methods only, not files")
        if self._session is None or self._session.closed:
            await self.initialize()
        assert self._session is not None
        read = _seconds(read_timeout, self._read_timeout)
        connect = _seconds(connect_timeout, self._connect_timeout)
        write = _seconds(write_timeout, self._write_timeout)
        # sock_read restarts with every chunk, so an answer dripping in would never time out;
        # the total bounds the whole request (connect, send, answer).
        total = None if read is None else read + (connect or 0.0) + (write or 0.0)
        timeout = aiohttp.ClientTimeout(total=total, sock_read=read, sock_connect=connect)
        data = request_data.json_parameters if request_data is not None else None
        name = url.rsplit("/", 1)[-1]  # the Bot API method, counted for /metrics
        try:
            async with self._session.request(
                method, url, data=data or None, timeout=timeout
            ) as response:
                body = await response.read()
        except TimeoutError as error:
            count_request(name, "timeout")
            request_failed(name, "timed out")
            raise TimedOut from error
        except (aiohttp.ClientError, asyncio.IncompleteReadError, OSError) as error:
            count_request(name, "network")
            request_failed(name, "network error")
            # aiohttp's errors quote the request URL, and the URL holds the token; the
            # message PTB passes on (and the dispatcher stores) must not. No chaining either:
            # a traceback would print the original.
            raise NetworkError(f"aiohttp: {error_text(error)}") from None
        outcome = outcome_of_status(response.status)
        count_request(name, outcome)
        if outcome in ("5xx", "429"):
            request_failed(name, f"HTTP {response.status}")
        return response.status, body


def _seconds(value: ODVInput[float], default: float | None) -> float | None:
    """PTB passes DEFAULT_NONE for "use the request's own timeout"."""
    if isinstance(value, DefaultValue):
        return default
    return value
