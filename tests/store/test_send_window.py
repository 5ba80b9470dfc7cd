from __future__ import annotations

import time
from pathlib import Path

from cagbot.notify.pacer import PaceLimits, Pacer
from cagbot.store import Store

DEAD_PID = 2**22 + 12345  # above the largest pid Linux hands out


async def test_processes_share_one_window_by_demand(tmp_path: Path) -> None:
    a, b = await Store.open(tmp_path / "x.db"), await Store.open(tmp_path / "x.db")
    try:
        first, wait = await a.send_window.take(3, 1.0)
        assert len(first) == 1
        assert wait == 0
        more, _ = await b.send_window.take(3, 1.0, want=5)  # only what is left
        assert len(more) == 2
        slots, wait = await b.send_window.take(3, 1.0)  # the window is full, for both
        assert slots == []
        assert wait > 0
        assert (await a.send_window.take(3, 1.0))[0] == []
        # Answered more than a window ago: that slot is free again, for either process.
        slots, wait = await b.send_window.take(3, 1.0, answered=[(first[0], time.time() - 1.5)])
        assert len(slots) == 1
        assert wait == 0
        # A slot given back unused is free at once.
        await b.send_window.give_back(more[:1])
        assert len((await a.send_window.take(3, 1.0))[0]) == 1
    finally:
        await a.close()
        await b.close()


async def test_the_sends_of_a_dead_process_leave_the_window(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "x.db")
    try:
        await store.db.connection.execute(
            "INSERT INTO send_slots (pid, started) VALUES (?, ?)", (DEAD_PID, time.time())
        )
        # Taken as answered when noticed: it leaves a window later (not "on the wire", for
        # which the answer would be: look again in a moment, and so on for ever).
        slots, wait = await store.send_window.take(1, 1.0)
        assert slots == []
        assert wait > 0.5
    finally:
        await store.close()


async def test_one_process_alone_gets_the_whole_limit_at_once(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "x.db")
    try:
        sleeps: list[float] = []

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        pacer = Pacer(PaceLimits(overall_per_second=30), sleep=sleep)
        pacer.share_through(store.send_window)
        pacer.share(2)  # a fixed share would halve it and pause a window: not with a shared one
        slots = [await pacer.acquire(chat_id) for chat_id in range(1, 31)]
        assert sleeps == []
        assert all(slot.shared_id is not None for slot in slots)
        assert await store.send_window.sent_since(60) == 30
    finally:
        await store.close()
