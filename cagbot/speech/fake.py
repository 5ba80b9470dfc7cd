"""A loopback stand-in for an OpenAI-compatible speech-to-text service, for tests and the
demo: ``POST /v1/audio/transcriptions`` answers the text a test put in
:attr:`FakeSpeech.answers` for exactly those audio bytes ("" for any other audio), and can
be told to fail or to be slow. It keeps the audio only for the request's duration; what it
records (:attr:`FakeSpeech.requests`) are the form fields and the audio's size."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from cagbot.speech.client import PATH


@dataclass
class FakeSpeech:
    key: str | None = None
    answers: dict[bytes, str] = field(default_factory=dict)
    fail_with: int | None = None  # an HTTP status to answer every request with
    delay: float = 0.0  # seconds before answering (a slow service)
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    _runner: web.AppRunner | None = None

    async def _transcribe(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form.get("file")
        audio = upload.file.read() if isinstance(upload, web.FileField) else b""
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        self.requests.append({**fields, "size": len(audio)})
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_with is not None:
            return web.json_response({"error": "unavailable"}, status=self.fail_with)
        if self.key is not None and request.headers.get("Authorization") != f"Bearer {self.key}":
            return web.json_response({"error": "invalid key"}, status=401)
        return web.json_response({"text": self.answers.get(audio, "")})

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post(PATH, self._transcribe)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
