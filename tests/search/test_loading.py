from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search import SearchEngine, SearchWorker
from cagbot.search.loading import FIRST_PAGE, PAGE, Fetch, fill, start_filling
from tests.search.conftest import make_post


def _posts(count: int) -> list[Post]:
    return [make_post(i, f"Internship number {i}", "Apply in Osh.") for i in range(1, count + 1)]


def _fetcher(posts: list[Post], pages: list[int]) -> Fetch:
    async def fetch(after: int, limit: int) -> Sequence[Post]:
        pages.append(after)
        await asyncio.sleep(0)
        return [post for post in posts if post.id > after][:limit]

    return fetch


async def test_a_small_database_is_indexed_before_start_filling_returns(
    lexicon: Lexicon,
) -> None:
    engine = SearchEngine(lexicon)
    task = await start_filling(engine, _fetcher(_posts(30), []), SearchWorker())
    assert task is None
    assert len(engine) == 30
    assert not engine.loading
    assert engine.search("internship").hits


async def test_a_large_database_fills_in_the_background_and_says_so(lexicon: Lexicon) -> None:
    engine = SearchEngine(lexicon)
    pages: list[int] = []
    posts = _posts(PAGE * 2 + 10)
    task = await start_filling(engine, _fetcher(posts, pages), SearchWorker())
    assert task is not None
    assert len(engine) == FIRST_PAGE
    assert engine.search("internship").loading  # answers meanwhile, and says it is loading
    # A post updated while loading is newer than the loader's copy: the loader keeps it.
    engine.upsert(make_post(PAGE + 5, "Residency in Bishkek"))
    await task
    assert len(engine) == len(posts)
    assert not engine.search("internship").loading
    assert [hit.post_id for hit in engine.search("residency bishkek").hits] == [PAGE + 5]
    assert pages == [0, FIRST_PAGE, FIRST_PAGE + PAGE, len(posts)]


async def test_fill_leaves_loading_false_when_the_store_fails(lexicon: Lexicon) -> None:
    engine = SearchEngine(lexicon)

    async def broken(after: int, limit: int) -> Sequence[Post]:
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        await fill(engine, broken, 0, SearchWorker())
    assert not engine.loading
