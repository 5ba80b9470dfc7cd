"""Filling the index while the bot already answers: no full rebuild before the first reply.

At 100k posts a full build takes seconds; a bot that builds before it starts leaves its
webhook, ``/healthz`` and every person waiting meanwhile. Instead the bot starts with an
empty engine marked ``loading``, indexes a first page, and a background task does the
rest: restores the database's snapshot (:mod:`cagbot.search.persist`) or feeds the engine
pages of posts, oldest first, each added in the search worker thread in small chunks, so
searches interleave with the build (first-come, first-served in the worker) and the event
loop is never held. Results found meanwhile carry ``loading=True``. Posts upserted while
loading (feed polling) are newer than the copies still to come, so the loader never
replaces an indexed post.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Awaitable, Callable, Sequence

from cagbot.models import Post
from cagbot.search.engine import SearchEngine
from cagbot.search.worker import WORKER, SearchWorker

log = logging.getLogger(__name__)

# Posts read per query: each page is turned into posts on the event loop (~10 ms).
PAGE = 2000
# The page indexed before the bot answers anything: small enough to cost the first reply
# little (500 posts took 0.25 s of CPU, bench/startup_bench.py), big enough that a small
# database (the sample's 22 posts) is complete before the first update.
FIRST_PAGE = 100
# Posts indexed per turn of the worker: about 20-40 ms of work, the longest a search
# arriving meanwhile waits.
CHUNK = 200
# Below this many posts freezing the collector's view of the index is not worth it.
_FREEZE_FROM = 10_000

Fetch = Callable[[int, int], Awaitable[Sequence[Post]]]
#: Loads everything after the given post id into the engine.
Rest = Callable[[int], Awaitable[None]]


async def _add(engine: SearchEngine, page: Sequence[Post], worker: SearchWorker) -> int:
    count = 0
    for start in range(0, len(page), CHUNK):
        count += await worker.run(engine.add_many, page[start : start + CHUNK], False)
    return count


async def fill_pages(
    engine: SearchEngine, fetch: Fetch, after: int = 0, worker: SearchWorker = WORKER
) -> int:
    """Index every post ``fetch(after_id, limit)`` pages through; returns how many."""
    count = 0
    while page := await fetch(after, PAGE):
        after = page[-1].id
        count += await _add(engine, page, worker)
        settle(engine)
    return count


def settle(engine: SearchEngine) -> None:
    """Move what is indexed so far out of the cyclic collector's reach: a full collection
    walks every object, and with a growing 100k-post index each one held the event loop
    for 100-200 ms while the bot was already answering. (Frozen objects are still freed
    by reference counting; only cycles among them would stay.)"""
    if len(engine) >= _FREEZE_FROM:
        gc.freeze()


async def _loading(engine: SearchEngine, work: Awaitable[object]) -> None:
    """Run ``work`` with ``engine`` marked loading, then settle the index in memory."""
    started = time.perf_counter()
    engine.loading = True
    try:
        await work
    finally:
        engine.loading = False
    # The index is long-lived: keep it out of the collector's generations (shared/notes:
    # this cut a 100k-post p99 from ~700 ms to ~49 ms). No gc.collect() first: at 100k
    # posts it would hold the loop for a tenth of a second.
    settle(engine)
    log.info("search index ready: %d posts in %.1f s", len(engine), time.perf_counter() - started)


async def fill(
    engine: SearchEngine, fetch: Fetch, after: int = 0, worker: SearchWorker = WORKER
) -> None:
    """Index every post after ``after``, the engine marked loading meanwhile."""
    await _loading(engine, fill_pages(engine, fetch, after, worker))


async def start_filling(
    engine: SearchEngine,
    fetch: Fetch,
    worker: SearchWorker = WORKER,
    rest: Rest | None = None,
) -> asyncio.Task[None] | None:
    """Index the first page now (a small database is then complete before the first
    update), and the rest in a background task, which is returned: ``rest(after_id)``
    when given (the bot: from the snapshot), else page by page through ``fetch``."""
    first = await fetch(0, FIRST_PAGE)
    await _add(engine, first, worker)
    if len(first) < FIRST_PAGE:
        return None
    after = first[-1].id
    work = rest(after) if rest is not None else fill_pages(engine, fetch, after, worker)
    engine.loading = True  # before the task starts, so no search in between says done
    return asyncio.create_task(_loading(engine, work), name="search-index")
