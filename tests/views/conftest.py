"""Helpers for the view tests: posts built in memory, the catalogs, a check that a text is
Telegram HTML within one message."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from cagbot.i18n import I18n
from cagbot.markup import MESSAGE_LIMIT, utf16_len
from cagbot.models import Post
from cagbot.store.subscribers import Subscriber

NOW = datetime(2026, 5, 1, tzinfo=UTC)
#: A private chat's settings as the store gives them: English, every topic, instant.
SUBSCRIBER = Subscriber(
    chat_id=7,
    chat_type="private",
    language="en",
    telegram_language="en",
    content_languages="mine",
    opportunity_alerts=True,
    frequency="instant",
    subscribed=True,
    active=True,
    topics=(),
)
ALLOWED_TAGS = re.compile(r"</?(b|i|a|code|pre)( href=\"[^\"]*\")?>")


def make_post(**fields: object) -> Post:
    values: dict[str, object] = {
        "id": 7,
        "key": "k",
        "title": "Title",
        "summary": "Summary",
        "language": "en",
        "source": "test",
        "kind": "post",
        "url": "https://example.org/p?a=1&b=2",
        "guid": None,
        "published": NOW,
        "topics": ("climate",),
        "countries": (),
        "opportunity": None,
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(fields)
    return Post(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n.load()


def assert_valid_html(text: str) -> None:
    stripped = ALLOWED_TAGS.sub("", text)
    assert "<" not in stripped, text
    assert ">" not in stripped, text
    assert utf16_len(text) <= MESSAGE_LIMIT
