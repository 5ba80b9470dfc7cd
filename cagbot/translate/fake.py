"""A loopback LibreTranslate stand-in for tests and the demo: ``POST /translate`` answers
``[target] text`` (or what a test put in :attr:`FakeTranslate.answers`), counts requests,
and can be told to fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class FakeTranslate:
    key: str | None = None
    answers: dict[tuple[str, str], str] = field(default_factory=dict)  # (text, target)
    fail_with: int | None = None  # an HTTP status to answer every request with
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    _runner: web.AppRunner | None = None

    async def _translate(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        if self.fail_with is not None:
            return web.json_response({"error": "unavailable"}, status=self.fail_with)
        if self.key is not None and body.get("api_key") != self.key:
            return web.json_response({"error": "Invalid API key"}, status=403)
        text, target = str(body.get("q", "")), str(body.get("target", ""))
        answer = self.answers.get((text, target), f"[{target}] {text}")
        return web.json_response({"translatedText": answer})

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/translate", self._translate)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
