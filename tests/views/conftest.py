"""Helpers for the view tests: posts built in memory."""

from __future__ import annotations

from datetime import UTC, datetime

from cagbot.models import Post

NOW = datetime(2026, 5, 1, tzinfo=UTC)


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
