"""The LibreTranslate client: every way the service fails is one TranslationError, and the
API key is sent."""

from __future__ import annotations

import pytest

from cagbot.translate import LibreTranslate, TranslationError
from cagbot.translate.fake import FakeTranslate


@pytest.mark.parametrize(
    ("answer", "status"),
    [({"translatedText": ""}, 200), ({"error": "x"}, 200), ({"error": "x"}, 500)],
)
async def test_bad_answers_are_translation_errors(answer: dict[str, str], status: int) -> None:
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=answer)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = LibreTranslate("http://127.0.0.1:9", client=http)
        with pytest.raises(TranslationError):
            await client.translate("Hej", "sv", "ru")


async def test_an_unreachable_service_is_a_translation_error() -> None:
    client = LibreTranslate("http://127.0.0.1:9")  # nothing listens on the discard port
    try:
        with pytest.raises(TranslationError):
            await client.translate("Hej", "sv", "ru")
    finally:
        await client.close()


async def test_the_api_key_is_sent(fake: FakeTranslate) -> None:
    fake.key = "secret"
    wrong = LibreTranslate(fake.url)
    right = LibreTranslate(fake.url, "secret")
    try:
        with pytest.raises(TranslationError, match="403"):
            await wrong.translate("Hej", "sv", "en")
        assert await right.translate("Hej", "sv", "en") == "[en] Hej"
    finally:
        await wrong.close()
        await right.close()


async def test_a_text_over_the_limit_or_an_answer_that_is_not_json_fails_plainly() -> None:
    import httpx

    from cagbot.translate.client import MAX_CHARS

    asked: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return httpx.Response(200, text="<html>proxy error</html>")

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = LibreTranslate("http://127.0.0.1:9", client=http)
        with pytest.raises(TranslationError, match="too long"):
            await client.translate("ж" * (MAX_CHARS + 1), "ru", "sv")
        assert asked == []  # refused before asking the service
        with pytest.raises(TranslationError, match="not JSON"):
            await client.translate("Hej", "sv", "ru")
