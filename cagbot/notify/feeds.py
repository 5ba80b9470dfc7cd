"""Feed polling: conditional GET of every configured feed, import through the same path as
``cagbot import``, exponential back-off for a failing feed.

New posts are not detected here: every post the importer inserts (the importer dedupes by
guid, link and normalised title) gets a 'new' notification row in the same transaction, and
:class:`~cagbot.notify.notifier.Notifier` announces those. What the poller adds is the
baseline rule: the first successful fetch of a feed is its backlog, imported but never
announced.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from cagbot.content import SourceError, import_sources
from cagbot.content.http import FETCH_TIMEOUT, USER_AGENT, read_capped
from cagbot.content.importer import import_site
from cagbot.content.wordpress import is_site
from cagbot.lexicon import Lexicon
from cagbot.store import Store
from cagbot.store.feed_state import FeedState

log = logging.getLogger(__name__)

MAX_BACKOFF = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class Fetched:
    """A conditional GET's answer: ``body`` None means 304 Not Modified."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


ConditionalFetch = Callable[[str, str | None, str | None], Awaitable[Fetched]]


async def conditional_get(url: str, etag: str | None, last_modified: str | None) -> Fetched:
    """GET with If-None-Match / If-Modified-Since; errors become :class:`SourceError`."""
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with (
            httpx.AsyncClient(timeout=FETCH_TIMEOUT, follow_redirects=True) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code == 304:
                return Fetched(None, etag, last_modified)
            response.raise_for_status()
            return Fetched(
                await read_capped(response),
                response.headers.get("ETag"),
                response.headers.get("Last-Modified"),
            )
    except httpx.HTTPError as error:
        raise SourceError(f"could not fetch: {error}") from error


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
    ) -> None:
        self.store = store
        self.feeds = feeds
        self.interval = interval
        self.lexicon = lexicon
        self.fetch = fetch
        self.clock = clock
        self.on_failure = on_failure
        self.on_recovery = on_recovery

    def backoff(self, failures: int) -> float:
        """Seconds until the next try after ``failures`` failures in a row."""
        return min(MAX_BACKOFF, self.interval * 2.0 ** max(0, failures))

    async def poll(self) -> list[FeedOutcome]:
        """Poll every feed that is due; one failing feed never stops the others."""
        outcomes = []
        for url in self.feeds:
            state = await self.store.feeds.get(url)
            if state.next_poll_at > self.clock():
                outcomes.append(FeedOutcome(url, "waiting", failures=state.failures))
                continue
            try:
                outcome = await self._poll_one(state)
            except Exception as error:  # anything at all: back off and tell staff
                if not isinstance(error, SourceError):
                    log.exception("polling %s failed", url)
                outcome = await self._failed(state, str(error) or type(error).__name__)
            outcomes.append(outcome)
        return outcomes

    async def _poll_one(self, state: FeedState) -> FeedOutcome:
        url = state.url
        next_poll = self.clock() + self.interval
        if is_site(url):  # a WordPress site root: REST API, changes since the watermark
            report, poll = await import_site(
                self.store, url, lexicon=self.lexicon, etag=state.etag,
                watermark=state.last_modified,  # this column holds the newest modified_gmt
            )  # fmt: skip
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

    async def _failed(self, state: FeedState, error: str) -> FeedOutcome:
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
