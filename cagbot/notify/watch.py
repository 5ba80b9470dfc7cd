"""Posts written by another process reach the running bot within seconds.

``cagbot import`` (or a second bot on the same database) writes posts, and with each new
one a 'new' notification row, in its own process. Without this the running bot learned
of them only at its next feed poll (``CAGBOT_FEEDS``) or restart: not searchable, never
announced without feeds. The watcher looks every :data:`WATCH_EVERY` seconds at where
content stands (:meth:`~cagbot.store.search_index.SearchIndexStore.marks`: the newest
``posts.updated_at`` and translation, two indexed MAX lookups). When that moved, it applies
what changed to the search index incrementally (:func:`cagbot.search.persist.catch_up`, the
same step a restored snapshot takes, so the marks the index keeps stay consistent) and
announces new posts the same way feed polling does
(:meth:`~cagbot.notify.notifier.Notifier.announce_new_posts`), then matches them against
saved searches (:class:`~cagbot.notify.saved_searches.SavedSearchAlerts`; posts newly
translated too). Channels take new posts from the database on their own round
(``cagbot.bot.channels``, every 30 seconds).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol

from cagbot.notify.notifier import AnnounceReport
from cagbot.search import SearchEngine, persist
from cagbot.store import Store
from cagbot.store.search_index import Marks

log = logging.getLogger(__name__)

#: Seconds between looks at the database for posts written elsewhere.
WATCH_EVERY = 2.0


class Announcer(Protocol):
    async def announce_new_posts(self) -> AnnounceReport: ...


class AlertRound(Protocol):
    async def look(self, engine: SearchEngine | None) -> int: ...


class PostWatcher:
    def __init__(
        self,
        store: Store,
        engine: Callable[[], SearchEngine | None],
        notifier: Announcer,
        *,
        every: float = WATCH_EVERY,
        alerts: AlertRound | None = None,
    ) -> None:
        self.store = store
        self._engine = engine
        self.notifier = notifier
        self.every = every
        self.alerts = alerts
        self._seen: Marks | None = None

    async def look(self) -> int:
        """One look; returns how many posts the index took in (or dropped)."""
        marks = await self.store.search_index.marks()
        if marks == self._seen:
            return 0
        engine = self._engine()
        applied = 0
        complete = engine is not None and engine.covers is not None and not engine.loading
        if engine is not None and complete:
            # While the index is still loading, the loader applies what changed when it is
            # done: only a complete index that knows what it covers is brought up to date.
            applied = await persist.catch_up(self.store, engine)
        if self.alerts is not None:
            # After catch_up: saved searches are planned against the index with the new
            # posts in it. Before the announcements: a subscriber whose saved search found
            # a post gets the one message that names the search. A failed round is tried
            # again at the next look (_seen unset).
            await self.alerts.look(engine if complete else None)
        report = await self.notifier.announce_new_posts()
        if complete:
            self._seen = marks
        if applied or report.posts:
            log.info("posts written elsewhere: %d indexed, %d announced", applied, report.posts)
        return applied

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            await self.look()
