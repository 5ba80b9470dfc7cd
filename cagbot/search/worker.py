"""Searches off the event loop: one worker thread, a bounded queue in front of it.

A search is CPU work (a few milliseconds, up to ~20 at 100k posts for the worst queries the
bench generates). Run on the event loop it would hold every other person's update for that
long, and a burst of heavy inline queries for seconds. Here it runs in a single worker
thread: the loop only awaits, and while the worker holds the GIL the interpreter hands it
back to the loop every switch interval (set to 1 ms), so nobody else's ``/start`` waits.

One thread, because CPython runs one search at a time anyway; more threads would only
interleave them and make each slower. At most ``bound`` searches wait for it at once; more
wait on an asyncio semaphore (costing the loop nothing) rather than piling up in the
executor's unbounded queue, and per-person flood limits (:func:`~cagbot.search.query.query_cost`)
keep any one person from filling it.
"""

from __future__ import annotations

import asyncio
import functools
import sys
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from cagbot.search.engine import SearchEngine, SearchResult

QUEUE_BOUND = 16
SWITCH_INTERVAL = 0.001


class SearchWorker:
    def __init__(self, bound: int = QUEUE_BOUND) -> None:
        self.bound = bound
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cagbot-search")
        # One semaphore per event loop (tests run many loops in one process).
        self._gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self._gates = weakref.WeakKeyDictionary()

    def _gate(self, loop: asyncio.AbstractEventLoop) -> asyncio.Semaphore:
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = asyncio.Semaphore(self.bound)
        return gate

    async def run(self, function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        if sys.getswitchinterval() > SWITCH_INTERVAL:
            # While the worker computes, the loop thread waits for the GIL up to one switch
            # interval; 5 ms by default, 1 ms here (the worker is the only busy thread).
            sys.setswitchinterval(SWITCH_INTERVAL)
        loop = asyncio.get_running_loop()
        async with self._gate(loop):
            call = functools.partial(function, *args, **kwargs)
            return await loop.run_in_executor(self._executor, call)

    async def search(self, engine: SearchEngine, query: str, **options: Any) -> SearchResult:
        result: SearchResult = await self.run(engine.search, query, **options)
        return result


#: The process's search worker (the bot and ``cagbot search`` share it).
WORKER = SearchWorker()
