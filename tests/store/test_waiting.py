from __future__ import annotations

import asyncio
import os
from pathlib import Path

from cagbot.store import Store
from cagbot.store.waiting import WaitingWriters


async def test_a_writer_waiting_for_the_lock_is_seen_and_let_in(tmp_path: Path) -> None:
    job, bot = await Store.open(tmp_path / "x.db"), await Store.open(tmp_path / "x.db")
    try:
        assert not job.db.others_waiting()
        held = asyncio.Event()
        release = asyncio.Event()

        async def long_job() -> None:
            async with job.db.transaction():
                held.set()
                await release.wait()

        holder = asyncio.create_task(long_job())
        await held.wait()

        async def write() -> None:
            async with bot.db.transaction() as connection:
                await connection.execute("UPDATE posts SET title = title")

        writer = asyncio.create_task(write())
        for _ in range(200):  # the marker appears once the BEGIN has waited a while
            if job.db.others_waiting():
                break
            await asyncio.sleep(0.01)
        assert job.db.others_waiting()
        assert not bot.db.others_waiting()  # its own marker does not count
        release.set()
        await holder
        await job.db.let_waiting_writers_in(patience=10.0)
        assert writer.done() or not job.db.others_waiting()
        await writer
        assert not job.db.others_waiting()
        assert not (tmp_path / "x.db-waiting").exists()
    finally:
        await job.close()
        await bot.close()


async def test_markers_of_a_dead_process_are_ignored_and_removed(tmp_path: Path) -> None:
    waiting = WaitingWriters(tmp_path / "x.db")
    waiting.folder.mkdir()
    dead = 2**22 + 12345  # above the largest pid Linux hands out
    (waiting.folder / f"{dead}-0-0").touch()
    assert not waiting.others_waiting()
    assert not (waiting.folder / f"{dead}-0-0").exists()
    (waiting.folder / f"{os.getpid()}-other-0").touch()
    assert waiting.others_waiting()


async def test_nobody_waiting_costs_no_wait(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "x.db")
    try:
        await asyncio.wait_for(store.db.let_waiting_writers_in(patience=30.0), 1.0)
    finally:
        await store.close()
