"""A client for the OpenAI-compatible ``POST /v1/audio/transcriptions`` API, as served by
faster-whisper servers, LocalAI, vosk-api wrappers and OpenAI itself.

The request is multipart: ``file`` (the audio bytes, from memory), ``model``, optionally
``language``, and ``response_format=json``; the answer is ``{"text": "..."}``.
"""

from __future__ import annotations

from typing import Final

import httpx

PATH: Final = "/v1/audio/transcriptions"
# A transcript longer than this is no voice note of a minute or two: refuse it.
MAX_TEXT: Final = 4000


class SpeechError(Exception):
    """The service did not transcribe (down, refused, or answered nonsense). The message
    names the failure, never the audio or the transcript."""


class Transcriber:
    def __init__(
        self,
        url: str,
        model: str,
        *,
        language: str | None = None,
        key: str | None = None,
        timeout: float = 8.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.endpoint = url.rstrip("/") + PATH
        self.model = model
        self.language = language
        self._headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = client or httpx.AsyncClient(timeout=timeout)
        self._own_client = client is None

    async def transcribe(self, audio: bytes, mime_type: str = "audio/ogg") -> str:
        """The text spoken in ``audio`` ("" when nothing was recognised); raises
        :class:`SpeechError`."""
        fields = {"model": self.model, "response_format": "json"}
        if self.language:
            fields["language"] = self.language
        try:
            response = await self._client.post(
                self.endpoint,
                data=fields,
                files={"file": ("voice.ogg", audio, mime_type)},
                headers=self._headers,
            )
        except httpx.HTTPError as error:
            raise SpeechError(f"request failed: {type(error).__name__}") from None
        if response.status_code != 200:
            raise SpeechError(f"HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise SpeechError("answer is not JSON") from None
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise SpeechError("answer has no usable text")
        return " ".join(text.split())

    async def close(self) -> None:
        if self._own_client:
            await self._client.aclose()
