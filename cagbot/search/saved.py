"""Saved searches against new posts: which of a batch of new (or newly translated) posts
each saved query would find, by the engine's own rules.

How, and why this way: the batch of new posts gets an index of its own (a second
:class:`~cagbot.search.engine.SearchEngine` holding only them), and each saved query is

1. **planned against the archive** (:meth:`SearchEngine.plan` on the bot's index, which
   already holds the new posts): typo neighbours, Latin-typed Russian, lexicon entries
   across languages, the words left out because nothing says them, and "nothing about
   Karakol" come from the whole vocabulary, exactly as for a search typed now;
2. **matched against the small index** (:meth:`SearchEngine.matching`): the same
   retrieval, field weights and ``COVERAGE`` threshold as a search's hits, with posting
   lists that hold the new posts only.

So the cost of one round is one plan per saved query (kept across rounds until the
archive's vocabulary changes: :class:`Plans`), a set test of the plan's keys against the
keys the new posts are indexed under (a query none of whose words, typo neighbours or
lexicon entries is in any new post is skipped: most of them, in C), and for the rest a
lookup of each key in postings of at most the round's size. O(new posts x saved queries)
at worst, never a walk over the archive's postings.

The naive alternative, each saved query searched over the whole archive and the results
filtered to the new posts, costs a full search per saved query per round, and misses new
posts that rank below the archive's top results (``bench/alerts_bench.py`` compares
both). A standing inverted index from every key of every saved plan to its searches was
the other candidate: it would spare the set tests, but it must be rebuilt whenever the
plans are (each new word), it holds every typo neighbour of every saved word, and the set
tests are not what a round costs.

The "some of your words" fallback of a typed search is not used: an alert says a new
post is about what was asked, and a post matching half the words is not. Pure CPU work,
no I/O: the caller runs it in the search worker (:func:`match_in_worker`), a slice of the
saved queries per turn, so people's searches are not held up behind it.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

from cagbot.models import Post
from cagbot.search.engine import SearchEngine
from cagbot.search.planner import Plan
from cagbot.search.worker import WORKER, SearchWorker

#: Saved queries matched per turn of the search worker: a person's search waits at most
#: for one slice (a few milliseconds), not for the whole round.
SLICE = 200

#: New posts indexed together at most (a larger round is matched in parts).
ROUND = 500
#: New plans after which they are moved out of the cyclic collector's reach.
SETTLE_AFTER = 1_000

#: (saved search id, query as typed)
SavedQuery = tuple[int, str]


class Plans:
    """Saved queries' plans against the archive, kept across rounds while the archive's
    vocabulary stays the same (a plan depends on nothing else of the index), so a round of
    posts that bring no new word costs no planning at all. The engine's own cache holds a
    few thousand typed searches and is not for this."""

    def __init__(self) -> None:
        self._plans: dict[str, Plan] = {}
        self._version: tuple[int, int] | None = None
        #: Plans made so far (a round that made many settles them: match_in_worker).
        self.made = 0

    def of(self, archive: SearchEngine, query: str) -> Plan:
        version = (id(archive), archive.vocabulary_version)
        if version != self._version:
            self._plans.clear()
            self._version = version
        plan = self._plans.get(query)
        if plan is None:
            plan = self._plans[query] = archive.plan(query)
            self.made += 1
        return plan

    def forget(self, keep: set[str]) -> None:
        """Drop the plans of queries no longer saved."""
        for query in set(self._plans) - keep:
            del self._plans[query]


class NewPosts:
    """An index of one batch of new posts, to match saved queries against."""

    def __init__(self, archive: SearchEngine, posts: Sequence[Post], plans: Plans) -> None:
        self.archive = archive
        self.plans = plans
        self.count = len(posts)
        self.index = archive.beside(posts)

    def match(self, queries: Sequence[SavedQuery]) -> dict[int, tuple[int, ...]]:
        """Saved search id -> ids of the new posts its query finds; searches that find
        none are left out."""
        found: dict[int, tuple[int, ...]] = {}
        if not self.count:
            return found
        for search_id, query in queries:
            posts = self.index.matching(self.plans.of(self.archive, query), self.count)
            if posts:
                found[search_id] = posts
        return found


async def match_in_worker(
    archive: SearchEngine,
    posts: Sequence[Post],
    queries: Sequence[SavedQuery],
    plans: Plans | None = None,
    worker: SearchWorker = WORKER,
) -> dict[int, tuple[int, ...]]:
    """:meth:`NewPosts.match` off the event loop, :data:`SLICE` queries per worker turn and
    :data:`ROUND` posts per index."""
    plans = plans or Plans()
    found: dict[int, tuple[int, ...]] = {}
    if not queries:
        return found
    settled = plans.made
    for first in range(0, len(posts), ROUND):
        # A large import is matched a part at a time: the engine's shortlist caps (2,000
        # candidates per query) are for a search's first page, not a round of 10,000.
        batch: NewPosts = await worker.run(NewPosts, archive, posts[first : first + ROUND], plans)
        for start in range(0, len(queries), SLICE):
            for search_id, post_ids in (
                await worker.run(batch.match, queries[start : start + SLICE])
            ).items():
                found[search_id] = found.get(search_id, ()) + post_ids
            if plans.made - settled >= SETTLE_AFTER:
                # Thousands of new plans live until the next new word. Left to the cyclic
                # collector, a full collection walked them all and held the event loop
                # (measured: 170-220 ms at 10,000 saved queries); frozen, as the bot freezes
                # its loaded index (cagbot.search.loading.settle), they are still freed by
                # reference counting when replaced. So is the round's index, frozen with
                # them: it is closed below, which leaves it no cycle.
                await worker.run(gc.freeze)
                settled = plans.made
        batch.index.close()
        del batch
    return found
