"""Alerts for saved searches: each round, the posts written or newly translated since the
last one are matched against every saved search that is on, and each person is told once
per post, in their language, with the searches named.

A round runs with the post watcher (:mod:`cagbot.notify.watch`), right after it has put
the new posts into the bot's search index, so a post from ``cagbot import``, a feed poll or
a new machine translation is matched within seconds. Where the rounds stand is stored
(``notifier_state``), so a restart neither repeats a round nor skips one; the very first
round only records where content stands (the archive is not news). Matching is
:mod:`cagbot.search.saved`, in the search worker; the alerts go through the outbox with
the ``saved_search_hits`` rows that make them happen once
(:meth:`~cagbot.store.saved_searches.SavedSearchStore.deliver`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from cagbot.i18n import I18n, resolve_language
from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search import SearchEngine
from cagbot.search.saved import Plans, match_in_worker
from cagbot.search.worker import WORKER, SearchWorker
from cagbot.settings import Settings
from cagbot.store import Store
from cagbot.store.outbox import Rendered
from cagbot.store.saved_searches import Alert, Watching
from cagbot.views import saved_searches as texts

log = logging.getLogger(__name__)

#: Posts read back from the database per query.
_BATCH = 500
#: Alerts rendered between two turns of the event loop, and written per transaction.
_YIELD_EVERY = 100
_DELIVER_BATCH = 500


class SavedSearchAlerts:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        i18n: I18n,
        lexicon: Lexicon,
        *,
        on_queued: Callable[[], None] | None = None,
        bot_username: str | None = None,
        worker: SearchWorker = WORKER,
    ) -> None:
        self.store = store
        self.settings = settings
        self.i18n = i18n
        self.lexicon = lexicon
        self._on_queued = on_queued or (lambda: None)
        self.bot_username = bot_username
        self.worker = worker
        self.plans = Plans()

    async def look(self, engine: SearchEngine | None) -> int:
        """One round against ``engine`` (the bot's complete index, already holding the new
        posts; None while it loads: the round waits). Returns the alerts queued."""
        saved = self.store.saved_searches
        now = await self.store.search_index.marks()
        since = await saved.marks()
        if since is None:
            await saved.set_marks(now)
            return 0
        if since == now or engine is None or engine.covers is None or engine.loading:
            return 0
        watching = await saved.watching()
        queued = 0
        if watching:
            changed = await saved.news_since(since)
            posts = await self._news(changed)
            queued = await self._alert(engine, posts, watching)
        await saved.set_marks(now)
        return queued

    async def _news(self, post_ids: list[int]) -> list[Post]:
        today = datetime.now(UTC).date()
        posts = []
        for start in range(0, len(post_ids), _BATCH):
            for post in await self.store.posts.get_many(post_ids[start : start + _BATCH]):
                # As announcements: a call known to be closed, or of unknown status, is not
                # news.
                status = post.call_status(today, self.settings.opportunity_max_age_days)
                if status not in ("closed", "unknown"):
                    posts.append(post)
        return posts

    async def _alert(
        self, engine: SearchEngine, posts: list[Post], watching: list[Watching]
    ) -> int:
        queries = [(search.id, search.query) for search in watching]
        self.plans.forget({search.query for search in watching})
        found = await match_in_worker(engine, posts, queries, self.plans, self.worker)
        if not found:
            return 0
        told = await self.store.saved_searches.told(
            (search_id, post_id) for search_id, post_ids in found.items() for post_id in post_ids
        )
        by_id = {search.id: search for search in watching}
        posts_by_id = {post.id: post for post in posts}
        # One message per chat and post, naming every saved search of theirs that found it.
        grouped: dict[tuple[int, int], list[Watching]] = {}
        for search_id, post_ids in found.items():
            for post_id in post_ids:
                if (search_id, post_id) not in told:
                    search = by_id[search_id]
                    grouped.setdefault((search.chat_id, post_id), []).append(search)
        default = self.settings.default_language
        alerts = []
        # The post's part is rendered once per post and language; each person's message only
        # adds the header naming their searches. The loop gets a turn every _YIELD_EVERY.
        rendered: dict[tuple[int, str], Rendered] = {}
        for n, ((chat_id, post_id), searches) in enumerate(grouped.items()):
            post = posts_by_id[post_id]
            first = searches[0]
            language = resolve_language(first.language, first.telegram_language, default)
            t = self.i18n.get(language)
            base = rendered.get((post_id, language))
            if base is None:
                base = rendered[(post_id, language)] = texts.announcement(
                    t, self.lexicon, post, self.bot_username
                )
            alerts.append(
                Alert(
                    chat_id,
                    post_id,
                    tuple(search.id for search in searches),
                    "opportunity" if post.opportunity is not None else "post",
                    language,
                    texts.alert(t, base, [search.query for search in searches]),
                )
            )
            if n % _YIELD_EVERY == _YIELD_EVERY - 1:
                await asyncio.sleep(0)
        queued = 0
        for start in range(0, len(alerts), _DELIVER_BATCH):
            # Transactions of a bounded size: another process's writes wait for one batch.
            queued += await self.store.saved_searches.deliver(
                alerts[start : start + _DELIVER_BATCH]
            )
        if queued:
            log.info("saved searches: %d alerts for %d new posts", queued, len(posts))
            self._on_queued()
        return queued
