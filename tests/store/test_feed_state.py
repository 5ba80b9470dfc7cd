"""Per-feed polling state: validators kept across a response that omits them, failures
counted one by one and reset by a success, a feed never fetched told apart."""

from __future__ import annotations

from cagbot.store import Store
from cagbot.store.feed_state import FeedState

URL = "https://centralasien.se/feed/"


async def test_an_unknown_feed_has_a_blank_state(fresh_db: Store) -> None:
    state = await fresh_db.feeds.get(URL)
    assert state == FeedState(URL)
    assert not state.ever_fetched


async def test_failures_count_up_and_a_success_resets_them(fresh_db: Store) -> None:
    feeds = fresh_db.feeds
    assert await feeds.failed(URL, error="HTTP 503", next_poll_at=100.0) == 1
    assert await feeds.failed(URL, error="timeout", next_poll_at=200.0) == 2
    state = await feeds.get(URL)
    assert (state.failures, state.last_error, state.next_poll_at) == (2, "timeout", 200.0)
    assert not state.ever_fetched
    await feeds.succeeded(URL, etag='"v1"', last_modified="Mon, 07 Dec 2026", next_poll_at=900.0)
    state = await feeds.get(URL)
    assert (state.failures, state.last_error, state.next_poll_at) == (0, None, 900.0)
    assert state.ever_fetched
    assert await feeds.failed(URL, error="HTTP 500", next_poll_at=950.0) == 1


async def test_validators_survive_a_response_without_them(fresh_db: Store) -> None:
    feeds = fresh_db.feeds
    await feeds.succeeded(URL, etag='"v1"', last_modified="Mon", next_poll_at=1.0)
    await feeds.succeeded(URL, etag=None, last_modified=None, next_poll_at=2.0)
    state = await feeds.get(URL)
    assert (state.etag, state.last_modified) == ('"v1"', "Mon")
    await feeds.succeeded(URL, etag='"v2"', last_modified=None, next_poll_at=3.0)
    assert (await feeds.get(URL)).etag == '"v2"'
    assert (await feeds.get("https://other.example/feed")).etag is None  # per URL
