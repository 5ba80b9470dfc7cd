"""The dispatcher's aiohttp transport: a Bot API answer that drips in is cut off at a total
deadline, and no error it raises quotes the request URL (which holds the token)."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import NetworkError, TimedOut

from cagbot.notify.transport import AiohttpRequest
from tests.ops.conftest import DripServer, free_port

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_transport_token"


async def test_an_answer_dripping_in_times_out_at_the_total_deadline() -> None:
    request = AiohttpRequest(4, read_timeout=1.0, write_timeout=0.5, connect_timeout=0.5)
    async with DripServer(every=0.2) as drip:  # every read succeeds, well within 1 s
        started = asyncio.get_running_loop().time()
        with pytest.raises(TimedOut):
            await request.do_request(f"{drip.url}/bot{TOKEN}/sendMessage", "POST")
        assert asyncio.get_running_loop().time() - started < 5
    await request.shutdown()


async def _garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"NOT HTTP AT ALL\r\n\r\n")  # aiohttp's error then quotes the whole URL
    await writer.drain()
    writer.close()


async def test_network_errors_do_not_quote_the_token() -> None:
    server = await asyncio.start_server(_garbage, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    request = AiohttpRequest(4, read_timeout=1.0)
    try:
        for url in (
            f"http://127.0.0.1:{port}/bot{TOKEN}/sendMessage",  # a malformed answer
            f"http://127.0.0.1:{free_port()}/bot{TOKEN}/sendMessage",  # nobody listening
        ):
            with pytest.raises(NetworkError) as raised:
                await request.do_request(url, "POST")
            assert TOKEN.split(":")[1] not in str(raised.value)
            assert raised.value.__cause__ is None  # a traceback would print the original
    finally:
        await request.shutdown()
        server.close()
        await server.wait_closed()
