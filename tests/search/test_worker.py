from __future__ import annotations

import asyncio
import threading

from cagbot.lexicon import Lexicon
from cagbot.search import SearchEngine, SearchWorker
from tests.search.conftest import make_post


async def test_searches_run_off_the_loop_thread_and_in_arrival_order(lexicon: Lexicon) -> None:
    engine = SearchEngine.from_posts([make_post(1, "Internship in Osh")], lexicon)
    worker = SearchWorker(bound=2)
    threads: list[int] = []
    order: list[str] = []

    def search(query: str) -> int:
        threads.append(threading.get_ident())
        order.append(query)
        return len(engine.search(query).hits)

    results = await asyncio.gather(*(worker.run(search, f"internship {n}") for n in range(6)))
    assert results == [1] * 6
    assert threading.get_ident() not in threads
    assert len(set(threads)) == 1
    assert order == [f"internship {n}" for n in range(6)]


async def test_the_queue_in_front_of_the_worker_is_bounded() -> None:
    worker = SearchWorker(bound=2)
    release = threading.Event()
    started: list[int] = []

    def slow(n: int) -> int:
        started.append(n)
        release.wait(timeout=10)
        return n

    tasks = [asyncio.create_task(worker.run(slow, n)) for n in range(5)]
    await asyncio.sleep(0.05)
    gate = worker._gate(asyncio.get_running_loop())
    assert gate.locked()  # two admitted (one running, one queued), three wait on the loop
    release.set()
    assert await asyncio.gather(*tasks) == [0, 1, 2, 3, 4]
