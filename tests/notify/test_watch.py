"""The watcher: posts another process wrote are applied to the index and announced."""

from __future__ import annotations

from pathlib import Path

from cagbot.content import import_sources
from cagbot.lexicon import load_lexicon
from cagbot.notify.notifier import AnnounceReport
from cagbot.notify.watch import PostWatcher
from cagbot.search import SearchEngine
from cagbot.store import Store


class Announcer:
    def __init__(self) -> None:
        self.calls = 0

    async def announce_new_posts(self) -> AnnounceReport:
        self.calls += 1
        return AnnounceReport()


LISTING = (
    "[English] Climate school in Osh\n\n"
    "A summer school for young climate activists. A week of lectures and practice.\n"
)


async def test_new_posts_are_indexed_and_announced_once(tmp_path: Path) -> None:
    database = tmp_path / "cagbot.db"
    store = await Store.open(database)
    engine = SearchEngine(load_lexicon())
    engine.covers = await store.search_index.marks()
    announcer = Announcer()
    watcher = PostWatcher(store, lambda: engine, announcer)
    try:
        assert await watcher.look() == 0
        source = tmp_path / "new.txt"
        source.write_text(LISTING, encoding="utf-8")
        other = await Store.open(database)  # as `cagbot import` in another process
        try:
            await import_sources(other, [source])
        finally:
            await other.close()
        assert await watcher.look() == 1
        assert [hit.post_id for hit in engine.search("climate school").hits]
        calls = announcer.calls
        assert await watcher.look() == 0  # nothing moved: no work
        assert announcer.calls == calls
    finally:
        await store.close()


async def test_a_loading_index_is_left_to_its_loader(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "cagbot.db")
    engine = SearchEngine(load_lexicon())
    engine.loading = True
    announcer = Announcer()
    watcher = PostWatcher(store, lambda: engine, announcer)
    try:
        assert await watcher.look() == 0
        assert announcer.calls == 1  # announcing does not wait for the index
        assert engine.covers is None
    finally:
        await store.close()
