"""Feed polling end to end: a local RSS server, the real importer, the notifier and the
dispatcher against the emulator. A new item reaches exactly the matching subscribers once."""

from __future__ import annotations

import asyncio
import functools
import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from cagbot.content import SourceError, http, import_sources
from cagbot.devserver import Emulator
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.feeds import FeedOutcome, FeedPoller, Fetched, conditional_get
from cagbot.notify.notifier import Notifier
from cagbot.settings import Settings
from cagbot.store import Store
from tests.notify.conftest import FeedServer, subscribe
from tests.ops.conftest import DripServer

pytestmark = pytest.mark.e2e

OLD = "2020-01-01T00:00:00.000Z"


async def test_a_new_item_reaches_exactly_the_matching_subscribers_once(
    emu: Emulator,
    fresh_db: Store,
    make_dispatcher: Callable[..., Dispatcher],
    feed_server: FeedServer,
    settings: Settings,
) -> None:
    store = fresh_db
    now = datetime.now(UTC)
    feed_server.add(
        "Old news from Osh", "A story from last year about youth work.", now - timedelta(days=300)
    )
    users = {
        name: emu.add_user(first_name=name)
        for name in ("en", "ru_mine", "ru_all", "climate", "gender", "digest", "off", "blocked")
    }
    await subscribe(store, users["en"].id, language="en")
    await subscribe(store, users["ru_mine"].id, language="ru")
    await subscribe(store, users["ru_all"].id, language="ru", content_languages="all")
    await subscribe(store, users["climate"].id, topics=("climate",))
    await subscribe(store, users["gender"].id, topics=("gender",))
    await subscribe(store, users["digest"].id, frequency="daily")
    await subscribe(store, users["off"].id)
    await store.subscribers.set_subscribed(users["off"].id, False)
    await subscribe(store, users["blocked"].id)
    await store.subscribers.set_active(users["blocked"].id, False)
    await store.db.connection.execute("UPDATE subscribers SET subscribed_at = ?", (OLD,))

    notifier = Notifier(store, settings, I18n.load(), load_lexicon())
    url = f"{feed_server.base_url}/feed"
    ticks = itertools.count(10**9, 10_000)  # every look at the clock is a later poll
    poller = FeedPoller(store, (url,), interval=900, clock=lambda: float(next(ticks)))

    # First run after deploy: the bundled backlog and the feed's first fetch are absorbed.
    assert (await notifier.announce_new_posts()).deliveries == 0
    [first] = await poller.poll()
    assert first.status == "imported"
    assert first.baseline
    assert len(first.added) == 1
    assert (await notifier.announce_new_posts()).deliveries == 0

    # A subscriber who arrives now must not get posts published before they subscribed.
    late = emu.add_user(first_name="late")
    published = datetime.now(UTC) - timedelta(minutes=5)
    await subscribe(store, late.id)
    feed_server.add(
        "Climate camp in Osh",
        "Young climate activists meet in Osh this summer.",
        published,
        category="Klimat",
    )
    [second] = await poller.poll()
    assert second.status == "imported"
    assert not second.baseline
    assert len(second.added) == 1
    report = await notifier.announce_new_posts()
    assert report.deliveries == 3
    assert report.digest_items == 1

    counts = await make_dispatcher().drain()
    assert counts.sent == 3
    got = {name: len(emu.messages(user.id)) for name, user in users.items()}
    assert got == {
        "en": 1,
        "ru_mine": 0,
        "ru_all": 1,
        "climate": 1,
        "gender": 0,
        "digest": 0,
        "off": 0,
        "blocked": 0,
    }
    assert emu.messages(late.id) == []
    text = emu.messages(users["ru_all"].id)[0]
    assert "Climate camp in Osh" in (text.text or "")

    # Polling again: 304 Not Modified, nothing announced twice.
    [third] = await poller.poll()
    assert third.status == "not-modified"
    assert feed_server.not_modified == 1
    assert (await notifier.announce_new_posts()).deliveries == 0
    await make_dispatcher().drain()
    assert {name: len(emu.messages(user.id)) for name, user in users.items()} == got

    # The digest subscriber gets it in the daily digest, once.
    assert await notifier.send_digests("daily", "2030-01-01") == 1
    assert await notifier.send_digests("daily", "2030-01-01") == 0
    await make_dispatcher().drain()
    [digest] = emu.messages(users["digest"].id)
    assert "Climate camp in Osh" in (digest.text or "")


async def test_a_failing_feed_backs_off_and_is_reported_without_stopping_others(
    fresh_db: Store, feed_server: FeedServer
) -> None:
    now = [1_000_000.0]
    failures: list[FeedOutcome] = []
    recoveries: list[FeedOutcome] = []

    async def on_failure(outcome: FeedOutcome) -> None:
        failures.append(outcome)

    async def on_recovery(outcome: FeedOutcome) -> None:
        recoveries.append(outcome)

    feed_server.add("Hello", "A first post for the feed.", datetime.now(UTC))
    good, bad = f"{feed_server.base_url}/feed", f"{feed_server.base_url}/broken"
    poller = FeedPoller(
        fresh_db,
        (bad, good),
        interval=900,
        clock=lambda: now[0],
        on_failure=on_failure,
        on_recovery=on_recovery,
    )
    outcomes = await poller.poll()
    assert [o.status for o in outcomes] == ["failed", "imported"]
    assert failures[0].failures == 1
    assert failures[0].retry_in == 1800
    now[0] += 1000  # the good feed is due again, the bad one is still backing off
    outcomes = await poller.poll()
    assert [o.status for o in outcomes] == ["waiting", "not-modified"]
    now[0] += 1000
    outcomes = await poller.poll()
    assert outcomes[0].status == "failed"
    assert outcomes[0].failures == 2
    assert outcomes[0].retry_in == 3600
    # The feed comes back: it is read again and staff hear it recovered.
    poller.feeds = (good,)
    feed_server.failing = True
    now[0] += 4000
    assert (await poller.poll())[0].status == "failed"
    feed_server.failing = False
    now[0] += 10_000
    assert (await poller.poll())[0].status == "not-modified"
    assert [o.url for o in recoveries] == [good]


async def test_a_dripping_feed_misses_its_deadline_without_delaying_the_others(
    fresh_db: Store, feed_server: FeedServer
) -> None:
    feed_server.add("Youth forum in Osh", "Young people meet in Osh.", datetime.now(UTC))
    fast = f"{feed_server.base_url}/feed"
    done: list[str] = []

    async def polled(outcome: FeedOutcome) -> None:
        done.append(outcome.url)

    async with DripServer(every=0.5) as drip:
        poller = FeedPoller(
            fresh_db,
            (drip.url, fast),
            interval=900,
            # Every read arrives within the 20 s read timeout; only the deadline ends it.
            fetch=functools.partial(conditional_get, deadline=2.0),
            on_polled=polled,
        )
        started = time.monotonic()
        slow_outcome, fast_outcome = await poller.poll()
        elapsed = time.monotonic() - started
        # The fetch hung up on the dripping server rather than leaving the socket open.
        await asyncio.wait_for(drip.all_closed.wait(), 5.0)
    assert done == [fast, drip.url]  # the fast feed was through before the slow one gave up
    assert fast_outcome.status == "imported"
    assert slow_outcome.status == "failed"
    assert slow_outcome.error == "no complete answer within 2 s"
    assert 2.0 <= elapsed < 10.0  # the deadline, not 20 s per byte
    state = await fresh_db.feeds.get(drip.url)
    assert state.failures == 1
    assert state.last_error == "no complete answer within 2 s"


async def test_cagbot_import_of_a_dripping_url_fails_at_the_deadline(
    fresh_db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "FETCH_DEADLINE", 1.5)
    async with DripServer(every=0.3) as drip:
        report = await import_sources(fresh_db, [drip.url])
    [item] = report.items
    assert item.outcome == "failed"
    assert item.reason == "no complete answer within 1.5 s"


async def test_an_answer_over_the_size_cap_is_refused_as_it_streams(
    feed_server: FeedServer,
) -> None:
    feed_server.add("Big", "x" * 5000, datetime.now(UTC))
    with pytest.raises(SourceError, match="larger than"):
        await http.get(f"{feed_server.base_url}/feed", max_bytes=1000)
    async with DripServer(every=0.01) as drip:  # declares 1 MB: refused before reading
        with pytest.raises(SourceError, match="larger than"):
            await http.get(drip.url, max_bytes=1000)


async def test_feeds_are_fetched_a_few_at_a_time(fresh_db: Store) -> None:
    in_flight, most = 0, 0

    async def counting(url: str, etag: str | None, modified: str | None) -> Fetched:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        try:
            return await conditional_get(url, etag, modified, deadline=0.6)
        finally:
            in_flight -= 1

    async with DripServer(every=0.2) as drip:
        feeds = tuple(f"{drip.url}?feed={n}" for n in range(5))
        poller = FeedPoller(fresh_db, feeds, interval=900, fetch=counting, concurrency=2)
        outcomes = await poller.poll()
    assert [outcome.url for outcome in outcomes] == list(feeds)  # in the configured order
    assert all(outcome.status == "failed" for outcome in outcomes)
    assert most == 2  # never more at once, and more than one
