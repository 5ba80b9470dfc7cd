"""Feed polling: conditional GET of every configured feed, import through the same path as
``cagbot import``, exponential back-off for a failing feed.

New posts are not detected here: every post the importer inserts (the importer dedupes by
guid, link and normalised title) gets a 'new' notification row in the same transaction, and
:class:`~cagbot.notify.notifier.Notifier` announces those. What the poller adds is the
baseline rule: the first successful fetch of a feed is its backlog, imported but never
announced.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from cagbot.content import SourceError, http
from cagbot.content.wordpress import is_site
from cagbot.lexicon import Lexicon
from cagbot.logs import error_text
from cagbot.store import Store
from cagbot.store.feed_state import FeedState

log = logging.getLogger(__name__)

MAX_BACKOFF = 24 * 3600.0
#: Feeds fetched at once; each fetch is bounded (see cagbot.content.http), so a few slots
#: are plenty, and a handful of slow servers cannot take every socket.
CONCURRENT_FEEDS = 4


@dataclass(frozen=True, slots=True)
class Fetched:
    """A conditional GET's answer: ``body`` None means 304 Not Modified."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


ConditionalFetch = Callable[[str, str | None, str | None], Awaitable[Fetched]]


async def conditional_get(
    url: str,
    etag: str | None,
    last_modified: str | None,
    *,
    deadline: float | None = None,
    read_timeout: float = http.FETCH_TIMEOUT,
) -> Fetched:
    """GET with If-None-Match / If-Modified-Since, within a total deadline and the size
    cap; errors (a deadline missed included) become :class:`SourceError`."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    answer = await http.get(url, headers, deadline=deadline, read_timeout=read_timeout)
    if answer.body is None:
        return Fetched(None, etag, last_modified)
    return Fetched(answer.body, answer.headers.get("ETag"), answer.headers.get("Last-Modified"))


@dataclass(slots=True)
class FeedOutcome:
    url: str
    status: str  # 'imported', 'not-modified', 'failed', 'waiting'
    added: list[int] = field(default_factory=list)
    #: Posts added or updated by this poll: what the search index must take in.
    changed: list[int] = field(default_factory=list)
    baseline: bool = False
    error: str | None = None
    failures: int = 0
    retry_in: float = 0.0


FailureHook = Callable[[FeedOutcome], Awaitable[None]]


class FeedPoller:
    def __init__(
        self,
        store: Store,
        feeds: tuple[str, ...],
        interval: float,
        *,
        lexicon: Lexicon | None = None,
        fetch: ConditionalFetch = conditional_get,
        clock: Callable[[], float] = time.time,
        on_failure: FailureHook | None = None,
        on_recovery: FailureHook | None = None,
        on_polled: FailureHook | None = None,
        concurrency: int = CONCURRENT_FEEDS,
    ) -> None:
        self.store = store
        self.feeds = feeds
        self.interval = interval
        self.lexicon = lexicon
        self.fetch = fetch
        self.clock = clock
        self.on_failure = on_failure
        self.on_recovery = on_recovery
        self.on_polled = on_polled
        self.concurrency = concurrency

    def backoff(self, failures: int) -> float:
        """Seconds until the next try after ``failures`` failures in a row."""
        return min(MAX_BACKOFF, self.interval * 2.0 ** max(0, failures))

    async def poll(self) -> list[FeedOutcome]:
        """Poll every feed that is due, each on its own (at most :data:`CONCURRENT_FEEDS`
        at once), so a slow or failing server never holds up the others; ``on_polled`` hears
        of each feed as soon as it is done. Outcomes come back in the order of ``feeds``."""
        limit = asyncio.Semaphore(self.concurrency)

        async def one(url: str) -> FeedOutcome:
            async with limit:
                outcome = await self._poll_due(url)
            if self.on_polled is not None and outcome.status != "waiting":
                try:
                    await self.on_polled(outcome)
                except Exception:
                    log.exception("after polling %s: handling the outcome failed", url)
            return outcome

        return list(await asyncio.gather(*(one(url) for url in self.feeds)))

    async def _poll_due(self, url: str) -> FeedOutcome:
        state = await self.store.feeds.get(url)
        if state.next_poll_at > self.clock():
            return FeedOutcome(url, "waiting", failures=state.failures)
        try:
            return await self._poll_one(state)
        except Exception as error:  # anything at all: back off and tell staff
            if not isinstance(error, SourceError):
                log.exception("polling %s failed", url)
            return await self._failed(state, str(error) or type(error).__name__)

    async def _poll_one(self, state: FeedState) -> FeedOutcome:
        # The importer (classifier, tagger, deadline patterns: seconds of start-up on a
        # busy machine) is imported at the first poll, not before the bot's first reply.
        from cagbot.content.importer import import_site, import_sources

        url = state.url
        next_poll = self.clock() + self.interval
        if is_site(url):  # a WordPress site root: REST API, changes since the watermark
            # The same total deadline as a feed fetch: a site that drips never holds the poll.
            try:
                async with asyncio.timeout(http.FETCH_DEADLINE):
                    report, poll = await import_site(
                        self.store, url, lexicon=self.lexicon, etag=state.etag,
                        watermark=state.last_modified,  # the newest modified_gmt seen
                    )  # fmt: skip
            except TimeoutError:
                raise SourceError(
                    f"no complete answer within {http.FETCH_DEADLINE:.0f} s"
                ) from None
            fetched = Fetched(None if poll.not_modified else b"", poll.etag, poll.watermark)
        else:
            fetched = await self.fetch(url, state.etag, state.last_modified)
        if fetched.body is None:
            await self.store.feeds.succeeded(
                url, etag=None, last_modified=None, next_poll_at=next_poll
            )
            return await self._recovered(state, FeedOutcome(url, "not-modified"))
        body = fetched.body

        async def from_memory(_: str) -> bytes:
            return body

        if not is_site(url):
            report = await import_sources(
                self.store, [url], lexicon=self.lexicon, fetch=from_memory
            )
        source_failure = next(
            (item for item in report.items if item.outcome == "failed" and item.title is None),
            None,
        )
        if source_failure is not None:
            # The feed as a whole could not be read (not XML, not a feed): a feed failure.
            return await self._failed(state, source_failure.reason or "unreadable feed")
        added = [item.post_id for item in report.items if item.outcome == "added" and item.post_id]
        changed = [
            item.post_id
            for item in report.items
            if item.outcome in ("added", "updated") and item.post_id
        ]
        baseline = not state.ever_fetched
        if baseline and added:
            await self.store.outbox.skip_posts(added)
            log.info("first fetch of %s: %d posts taken as backlog", url, len(added))
        await self.store.feeds.succeeded(
            url, etag=fetched.etag, last_modified=fetched.last_modified, next_poll_at=next_poll
        )
        return await self._recovered(
            state, FeedOutcome(url, "imported", added=added, changed=changed, baseline=baseline)
        )

    async def _failed(self, state: FeedState, reason: str) -> FeedOutcome:
        error = error_text(reason) or "failed"  # stored and shown to staff: one masked line
        failures = state.failures + 1
        retry_in = self.backoff(failures)
        await self.store.feeds.failed(state.url, error=error, next_poll_at=self.clock() + retry_in)
        log.warning("feed %s failed (%d in a row): %s", state.url, failures, error)
        outcome = FeedOutcome(
            state.url, "failed", error=error, failures=failures, retry_in=retry_in
        )
        if self.on_failure is not None:
            await self.on_failure(outcome)
        return outcome

    async def _recovered(self, state: FeedState, outcome: FeedOutcome) -> FeedOutcome:
        if state.failures and self.on_recovery is not None:
            await self.on_recovery(outcome)
        return outcome
