"""Notification texts that staff read: /stats lines for deliveries, broadcasts and feeds."""

from __future__ import annotations

from cagbot.i18n import I18n
from cagbot.notify import texts
from cagbot.store.feed_state import FeedState
from cagbot.store.outbox import Counts

I18N = I18n.load()


def test_urls_lose_query_strings_and_fragments() -> None:
    error = (
        "Server error '500' for url 'https://x.org/feed?key=SECRET#top' (and http://y.org/?a=1 too)"
    )
    assert texts.without_query(error) == (
        "Server error '500' for url 'https://x.org/feed' (and http://y.org/ too)"
    )
    assert texts.feed_label("https://user.example/rss/?token=abc") == "user.example/rss/"


def test_delivery_stats_in_russian_with_a_failing_feed() -> None:
    lines = texts.delivery_stats(
        I18N.get("ru"),
        Counts(pending=2, sending=1, sent=1500, blocked=3, failed=4),
        5,
        [
            FeedState("https://a.org/feed?api_key=SECRET", last_success_at="2026-01-01"),
            FeedState(
                "https://b.org/rss",
                failures=2,
                last_error="could not fetch https://b.org/rss?api_key=SECRET",
            ),
            FeedState("https://c.org/atom.xml"),
        ],
    )
    assert lines[0] == ""
    assert lines[1].startswith("📬 Сообщения: 2 в очереди, 1 отправляется")
    assert "1\xa0500 отправлено" in lines[1]  # babel's Russian grouping
    assert lines[2] == "📣 5 рассылок отправлено"
    assert lines[3:] == [
        "📡 Лента a.org/feed: OK",
        "📡 Лента b.org/rss: 2 ошибки подряд (could not fetch https://b.org/rss)",
        "📡 Лента c.org/atom.xml: ещё не опрашивалась",
    ]
    assert not any("SECRET" in line for line in lines)
