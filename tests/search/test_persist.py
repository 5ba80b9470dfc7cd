"""The index kept in the database: a load restores the snapshot and applies only what
changed since (new, edited, translated and deleted posts), the bot restores into the
engine it already serves from, and an unreadable snapshot is rebuilt, never served."""

from __future__ import annotations

import asyncio
import logging

import pytest

from cagbot.lexicon import Lexicon
from cagbot.models import PostDraft
from cagbot.search import SearchEngine, SearchWorker, persist
from cagbot.search.loading import start_filling
from cagbot.store import Store


def _draft(title: str, summary: str = "", language: str = "en") -> PostDraft:
    return PostDraft(
        key=title.casefold(),
        title=title,
        summary=summary,
        language=language,
        source="t",  # type: ignore[arg-type]
    )


async def _seed(store: Store, count: int) -> list[int]:
    ids = []
    for n in range(count):
        result = await store.posts.upsert(_draft(f"Volunteer exchange {n}", "Two weeks in Osh."))
        assert result.post_id is not None
        ids.append(result.post_id)
    return ids


def _titles(engine: SearchEngine, query: str, limit: int = 50) -> set[str]:
    docs = {post.id: post for post in engine._docs if post is not None}
    return {docs[hit.post_id].title for hit in engine.search(query, limit=limit).hits}


async def _start(store: Store, engine: SearchEngine, worker: SearchWorker) -> asyncio.Task[None]:
    """As the bot starts: the first page now, the rest (snapshot or pages) in a task."""
    task = await start_filling(
        engine,
        store.posts.after,
        worker,
        rest=lambda after: persist.fill(store, engine, after, worker),
    )
    assert task is not None
    return task


def _no_full_build(monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
    async def refuse() -> None:
        raise AssertionError("rebuilt from every post")

    monkeypatch.setattr(store.posts, "all", refuse)


async def test_a_load_applies_only_what_changed(
    fresh_db: Store, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = SearchWorker()
    ids = await _seed(fresh_db, 5)
    first = await persist.load(fresh_db, lexicon, worker)  # no snapshot: built and saved
    assert len(first) == 5
    assert await fresh_db.search_index.load(first.fingerprint()) is not None

    added = await fresh_db.posts.upsert(_draft("Residency in Bishkek", "A month for artists."))
    await fresh_db.posts.upsert(_draft("Volunteer exchange 1", "Now in Karakol instead."))
    await fresh_db.db.connection.execute("DELETE FROM posts WHERE id = ?", (ids[2],))
    await fresh_db.db.connection.commit()
    await fresh_db.translations.put("en", "ru", "Two weeks in Osh.", "Две недели в Оше.")

    _no_full_build(monkeypatch, fresh_db)
    engine = await persist.load(fresh_db, lexicon, worker)
    assert engine.post_ids() == {*ids, added.post_id} - {ids[2]}
    assert _titles(engine, "residency bishkek") == {"Residency in Bishkek"}
    assert _titles(engine, "karakol") == {"Volunteer exchange 1"}
    assert "Volunteer exchange 2" not in _titles(engine, "volunteer exchange")
    assert "Volunteer exchange 0" in _titles(engine, "две недели")  # the new translation


async def test_many_changes_are_saved_for_the_next_load(
    fresh_db: Store, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = SearchWorker()
    await _seed(fresh_db, 2)
    await persist.load(fresh_db, lexicon, worker)
    monkeypatch.setattr(persist, "RESAVE_AFTER", 3)
    await _seed(fresh_db, 6)  # the first two are rewritten, four are new
    engine = await persist.load(fresh_db, lexicon, worker)
    assert len(engine) == 6
    saved = await fresh_db.search_index.load(engine.fingerprint())
    assert saved is not None
    assert saved.marks == engine.covers  # the next load starts from here


async def test_an_unreadable_snapshot_is_rebuilt(
    fresh_db: Store, lexicon: Lexicon, caplog: pytest.LogCaptureFixture
) -> None:
    await _seed(fresh_db, 3)
    engine = SearchEngine(lexicon)
    marks = await fresh_db.search_index.marks()
    await fresh_db.search_index.save(engine.fingerprint(), b"\x00garbage", marks)
    with caplog.at_level(logging.WARNING):
        loaded = await persist.load(fresh_db, lexicon, SearchWorker())
    assert len(loaded) == 3
    assert "unreadable" in caplog.text
    again = await fresh_db.search_index.load(engine.fingerprint())
    assert again is not None
    assert again.data != b"\x00garbage"  # replaced by a good one


async def test_the_bot_restores_into_the_engine_it_serves(
    fresh_db: Store, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = SearchWorker()
    await _seed(fresh_db, 12)
    await persist.load(fresh_db, lexicon, worker)  # the snapshot a previous run left
    late = await fresh_db.posts.upsert(_draft("Summer school in Naryn"))

    monkeypatch.setattr("cagbot.search.loading.FIRST_PAGE", 4)
    _no_full_build(monkeypatch, fresh_db)

    async def no_pages(*args: object) -> int:
        raise AssertionError("filled page by page")

    monkeypatch.setattr(persist, "fill_pages", no_pages)
    engine = SearchEngine(lexicon)
    task = await _start(fresh_db, engine, worker)
    assert len(engine) == 4  # the first page answers meanwhile
    assert engine.search("volunteer exchange").loading
    # Feed polling while the snapshot loads: in the database and in the engine.
    polled = await fresh_db.posts.upsert(_draft("Hackathon in Osh"))
    assert polled.post_id is not None
    post = await fresh_db.posts.get(polled.post_id)
    assert post is not None
    engine.upsert(post)
    await task
    assert not engine.loading
    assert len(engine) == 14
    assert _titles(engine, "naryn") == {"Summer school in Naryn"}
    assert _titles(engine, "hackathon") == {"Hackathon in Osh"}
    assert late.post_id in engine.post_ids()
    assert not persist.worth_saving(engine)  # restored, two changes: nothing worth saving


async def test_without_a_snapshot_the_bot_builds_and_saves_at_the_end(
    fresh_db: Store, lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = SearchWorker()
    await _seed(fresh_db, 9)
    monkeypatch.setattr("cagbot.search.loading.FIRST_PAGE", 4)
    engine = SearchEngine(lexicon)
    await (await _start(fresh_db, engine, worker))
    assert len(engine) == 9
    assert persist.worth_saving(engine)
    assert await persist.save(fresh_db, engine, worker)
    assert not persist.worth_saving(engine)
    restored = await persist.load(fresh_db, lexicon, worker)
    assert restored.post_ids() == engine.post_ids()


def test_a_catch_up_never_puts_an_older_copy_back(lexicon: Lexicon) -> None:
    from dataclasses import replace
    from datetime import timedelta

    from tests.search.conftest import make_post

    old = make_post(1, "Internship in Osh")
    polled = replace(old, title="Internship in Karakol", updated_at=old.updated_at + timedelta(1))
    engine = SearchEngine.from_posts([polled], lexicon)
    assert engine.add_many([old], newer=True) == 0
    assert [hit.post_id for hit in engine.search("karakol").hits] == [1]
    translated = replace(polled, summary="Стажировка в Караколе")  # same write, new version
    assert engine.add_many([translated], newer=True) == 1
    assert [hit.post_id for hit in engine.search("стажировка").hits] == [1]
