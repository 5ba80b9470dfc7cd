"""The search index kept in the bot's database: restored at start, brought up to date
with what changed since, saved when it is worth it.

A snapshot records how far it covers the content (:class:`~cagbot.store.search_index.Marks`,
read *before* the content it holds, so nothing written meanwhile is taken as covered). On
load, posts written since, posts with newer machine translations and posts deleted since
are applied; so after an import of ten posts, ``cagbot search`` at 100k posts restores
and applies ten, instead of rebuilding from every post.

The bot restores while it already answers (:func:`restore_into`): pieces are unpacked one
per turn of the search worker, and the restored index replaces the partial one only when
complete; what the bot indexed meanwhile is in the database, newer than the marks, and is
applied again right after.
"""

from __future__ import annotations

import gc
import logging

from cagbot.lexicon import Lexicon
from cagbot.search.engine import SearchEngine
from cagbot.search.loading import fill_pages
from cagbot.search.snapshot import SnapshotError, pieces
from cagbot.search.worker import WORKER, SearchWorker
from cagbot.store import Store

log = logging.getLogger(__name__)

# Posts read back per query while catching up.
_BATCH = 500
# A command-line load that had to apply more than this saves a new snapshot, so the next
# one need not apply them again (saving costs about a second at 100k posts).
RESAVE_AFTER = 200


async def catch_up(store: Store, engine: SearchEngine, worker: SearchWorker = WORKER) -> int:
    """Apply to ``engine`` what changed since ``engine.covers``; returns how many posts
    were updated or removed. ``engine.covers`` then says where the content stood."""
    index = store.search_index
    covers = engine.covers
    if covers is None:
        raise ValueError("the engine says nothing of what it covers")
    now = await index.marks()
    changed = await index.changed_since(covers)
    for start in range(0, len(changed), _BATCH):
        posts = await store.posts.get_many(changed[start : start + _BATCH])
        await worker.run(engine.add_many, posts, newer=True)
    gone = await worker.run(engine.post_ids) - await index.post_ids()
    for post_id in gone:
        await worker.run(engine.remove, post_id)
    engine.covers = now
    return len(changed) + len(gone)


async def _unpack(store: Store, lexicon: Lexicon, worker: SearchWorker) -> SearchEngine | None:
    """The snapshot's engine, unpacked a piece per worker turn; None without one."""
    engine = SearchEngine(lexicon)
    found = await store.search_index.load(engine.fingerprint())
    if found is None:
        return None
    engine, loader = SearchEngine.restoring(lexicon)
    try:
        for n, packed in enumerate(pieces(found.data)):
            await worker.run(loader.feed, packed)
            if n % 10 == 9:
                # As loading.settle: a full collection over the growing restored index
                # would hold the event loop for a tenth of a second.
                gc.freeze()

        await worker.run(engine.finish_restore, loader)
    except SnapshotError:
        log.warning("search snapshot unreadable; rebuilding the index", exc_info=True)
        return None
    engine.covers = found.marks
    engine.saved_changes = engine.changes
    return engine


async def load(store: Store, lexicon: Lexicon, worker: SearchWorker = WORKER) -> SearchEngine:
    """The whole index, now: the snapshot brought up to date, or (without a usable one)
    built from every post and saved. For ``cagbot search``, which has no one else to
    answer meanwhile."""
    engine = await _unpack(store, lexicon, worker)
    if engine is None:
        engine = SearchEngine(lexicon)
        engine.covers = await store.search_index.marks()
        posts = await store.posts.all()
        await worker.run(engine.add_many, posts)
        await save(store, engine, worker)
        return engine
    applied = await catch_up(store, engine, worker)
    if applied > RESAVE_AFTER:
        await save(store, engine, worker)
    return engine


async def restore_into(store: Store, engine: SearchEngine, worker: SearchWorker = WORKER) -> bool:
    """Replace what ``engine`` holds with the snapshot, then apply what changed since;
    False (``engine`` untouched) when there is no usable snapshot."""
    restored = await _unpack(store, engine.lexicon, worker)
    if restored is None:
        return False
    await worker.run(engine.adopt, restored)
    engine.saved_changes = engine.changes
    applied = await catch_up(store, engine, worker)
    log.info("search index restored: %d posts, %d changed since the snapshot", len(engine), applied)
    return True


def worth_saving(engine: SearchEngine) -> bool:
    """Whether the bot should save ``engine`` as it stops: it is complete, knows what it
    covers, and the stored snapshot is missing or more than :data:`RESAVE_AFTER` changes
    behind (a restart then restores instead of rebuilding or re-applying them)."""
    if engine.covers is None or engine.loading:
        return False
    return engine.saved_changes is None or engine.changes - engine.saved_changes > RESAVE_AFTER


async def save(store: Store, engine: SearchEngine, worker: SearchWorker = WORKER) -> bool:
    """Save ``engine`` as the database's snapshot when it is complete and knows what it
    covers; True when saved."""
    covers = engine.covers
    if covers is None or engine.loading:
        return False
    changes = engine.changes
    data = await worker.run(engine.snapshot)
    await store.search_index.save(engine.fingerprint(), data, covers)
    engine.saved_changes = changes
    return True


async def fill(
    store: Store, engine: SearchEngine, after: int, worker: SearchWorker = WORKER
) -> None:
    """Everything past the first page: from the snapshot when there is one, else every
    post (then ``engine.covers`` is where the content stood before the build)."""
    if await restore_into(store, engine, worker):
        return
    covers = await store.search_index.marks()
    await fill_pages(engine, store.posts.after, after, worker)
    engine.covers = covers
