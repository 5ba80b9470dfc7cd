"""Tagging and classifying a big listing file in worker processes.

Parsing, tagging and classifying cost several times what writing a post does, all of it pure
Python under the GIL: a thread does not help, processes do. The importer's process keeps
parsing the streamed file and writing (one writer, as before); batches of parsed posts go to
workers (``spawn``, not ``fork``: the parent runs threads) and come back in order, a few
batches at most in flight, so memory stays bounded whatever the size of the file. Starting
a worker imports the content modules (about a second), so small files stay in the process;
so does everything on a one-core machine. Feeds and sites are not sent here: read whole
before anything is written, they measured slower through workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from cagbot.content.parsing import ParsedPost
from cagbot.lexicon import Lexicon
from cagbot.models import PostDraft

#: Bytes of a listing file from which it is enriched by workers (about 600 bytes a post:
#: 4,000 posts; below that their start-up costs more than they save).
POOL_MIN_BYTES = 4_000 * 600
#: Posts sent to a worker at a time.
BATCH = 500

Tag = TypeVar("Tag")

_lexicon: Lexicon | None = None  # the lexicon of a worker process


def workers() -> int:
    """Worker processes to use: one per core, at most two (the writer needs a core too)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(2, cores) if cores > 1 else 0


def _start(lexicon: Lexicon) -> None:
    global _lexicon
    _lexicon = lexicon


def _enrich_batch(posts: list[ParsedPost]) -> list[PostDraft]:
    from cagbot.content.importer import enrich  # the worker imports it itself

    assert _lexicon is not None
    return [enrich(post, _lexicon) for post in posts]


class Enricher:
    """Enriches batches of parsed posts, in workers when ``pooled`` (close it after use)."""

    def __init__(self, lexicon: Lexicon, *, pooled: bool) -> None:
        self.lexicon = lexicon
        count = workers() if pooled else 0
        self._pool = (
            ProcessPoolExecutor(
                max_workers=count,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=(lexicon,),
            )
            if count
            else None
        )
        self.ahead = 2 * count  # batches in flight: enough to keep every worker busy

    @property
    def pooled(self) -> bool:
        return self._pool is not None

    def map(
        self, batches: Iterable[tuple[list[ParsedPost], Tag]]
    ) -> Iterator[tuple[list[PostDraft], Tag]]:
        """Each batch's drafts (with what came with it), in the order of ``batches``."""
        if self._pool is None:
            from cagbot.content.importer import enrich  # late: the importer imports this module

            for posts, tag in batches:
                yield [enrich(post, self.lexicon) for post in posts], tag
            return
        pending: deque[tuple[Future[list[PostDraft]], Tag]] = deque()
        for posts, tag in batches:
            pending.append((self._pool.submit(_enrich_batch, posts), tag))
            if len(pending) > self.ahead:
                future, done_tag = pending.popleft()
                yield future.result(), done_tag
        while pending:
            future, done_tag = pending.popleft()
            yield future.result(), done_tag

    def all(self, posts: list[ParsedPost]) -> list[PostDraft]:
        batches = ((posts[start : start + BATCH], None) for start in range(0, len(posts), BATCH))
        return [draft for drafts, _ in self.map(batches) for draft in drafts]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
