"""A client for the LibreTranslate ``POST /translate`` API (and compatible services)."""

from __future__ import annotations

from typing import Any, Final

import httpx

TIMEOUT: Final = 20.0
# A summary is at most a few thousand characters; refuse anything absurd before sending.
MAX_CHARS: Final = 5000


class TranslationError(Exception):
    """The service could not translate (down, refused, or answered nonsense)."""


class LibreTranslate:
    def __init__(
        self, url: str, key: str | None = None, *, client: httpx.AsyncClient | None = None
    ) -> None:
        self.endpoint = url.rstrip("/") + "/translate"
        self.key = key
        self._client = client or httpx.AsyncClient(timeout=TIMEOUT)
        self._own_client = client is None

    async def translate(self, text: str, source: str, target: str) -> str:
        """``text`` from ``source`` into ``target``; raises :class:`TranslationError`."""
        if len(text) > MAX_CHARS:
            raise TranslationError(f"text of {len(text)} characters is too long")
        payload: dict[str, Any] = {"q": text, "source": source, "target": target}
        payload["format"] = "text"
        if self.key:
            payload["api_key"] = self.key
        try:
            response = await self._client.post(self.endpoint, json=payload)
        except httpx.HTTPError as error:
            raise TranslationError(f"request failed: {type(error).__name__}") from None
        if response.status_code != 200:
            raise TranslationError(f"HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise TranslationError("answer is not JSON") from None
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if not isinstance(translated, str) or not translated.strip():
            raise TranslationError("answer has no translatedText")
        return translated.strip()

    async def close(self) -> None:
        if self._own_client:
            await self._client.aclose()
