"""Saved searches matched against new posts: the engine's own rules (typos, Latin-typed
Russian, across languages, the "no match" threshold), planned against the archive and
matched among the new posts only."""

from __future__ import annotations

import gc
import weakref

import pytest

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search import SearchEngine, saved
from cagbot.search.saved import NewPosts, Plans, match_in_worker
from tests.search.conftest import make_post

BISHKEK = make_post(
    1001,
    "Стажировка в Бишкеке для молодёжи",
    "Молодёжный центр ищет стажёров на лето.",
    language="ru",
)
CONCERT = make_post(
    1002, "Концерт народной музыки в Оше", "Приходите слушать комуз.", language="ru"
)
SWEDISH = make_post(
    1003,
    "Praktikplats i Kirgizistan hos Novi Ritm",
    "Vi söker en praktikant till Osh.",
    language="sv",
)
NEW = [BISHKEK, CONCERT, SWEDISH]


@pytest.fixture
def archive(corpus: list[Post], lexicon: Lexicon) -> SearchEngine:
    """The bot's index once the new posts are in it (the watcher indexes, then matches)."""
    return SearchEngine.from_posts([*corpus, *NEW], lexicon)


def _match(archive: SearchEngine, query: str) -> tuple[int, ...]:
    return NewPosts(archive, NEW, Plans()).match([(1, query)]).get(1, ())


@pytest.mark.parametrize(
    "query", ["stazhirovka Bishkek", "stajirovka Biskek", "stazhirovka v Bishkeke"]
)
def test_a_typod_latin_query_finds_the_russian_post(archive: SearchEngine, query: str) -> None:
    assert _match(archive, query) == (BISHKEK.id,)


@pytest.mark.parametrize(
    "query", ["praktik Kirgizistan", "internship Kyrgyzstan", "стажировка Кыргызстан"]
)
def test_across_languages(archive: SearchEngine, query: str) -> None:
    # Swedish, English or Russian words reach both the Swedish and the Russian call.
    assert set(_match(archive, query)) == {BISHKEK.id, SWEDISH.id}


@pytest.mark.parametrize("query", ["pizza hemleverans", "internship Karakol", "grant"])
def test_a_post_that_does_not_match_brings_nothing(archive: SearchEngine, query: str) -> None:
    assert _match(archive, query) == ()


@pytest.mark.parametrize(
    "query",
    ["stazhirovka Bishkek", "praktik Kirgizistan", "konsert", "концерт в Оше", "molodezh", "Osh"],
)
def test_the_same_posts_as_a_search_over_the_archive(archive: SearchEngine, query: str) -> None:
    """What the matcher finds among the new posts is what a full search finds of them."""
    result = archive.search(query, limit=1000)
    expected = set() if result.partial and not result.ignored else {h.post_id for h in result.hits}
    assert set(_match(archive, query)) == expected & {post.id for post in NEW}


def test_a_partial_answer_is_no_alert(lexicon: Lexicon) -> None:
    # "some of your words" (two of three words) is a typed search's fallback, not news.
    posts = [make_post(1, "Climate school", "A week of lectures."), make_post(2, "Budget report")]
    archive = SearchEngine.from_posts(posts, lexicon)
    result = archive.search("climate school budget", limit=5)
    assert result.partial
    assert not result.ignored
    assert [hit.post_id for hit in result.hits] == [1]
    assert NewPosts(archive, posts[:1], Plans()).match([(1, "climate school budget")]) == {}


def test_plans_are_made_again_when_the_archive_learns_a_word(lexicon: Lexicon) -> None:
    archive = SearchEngine.from_posts([make_post(1, "Climate school")], lexicon)
    plans = Plans()
    before = plans.of(archive, "zorkul climate")
    assert "zorkul" in before.ignored or "zorkul" in before.unknown
    assert plans.of(archive, "zorkul climate") is before  # the same vocabulary: kept
    new = make_post(2, "Zorkul climate expedition")
    archive.upsert(new)
    # "zorkul" now means something: a climate post without it is no longer a match.
    assert (
        NewPosts(archive, [make_post(3, "Climate school again")], plans).match(
            [(1, "zorkul climate")]
        )
        == {}
    )
    assert NewPosts(archive, [new], plans).match([(1, "zorkul climate")]) == {1: (2,)}


async def test_matching_runs_in_the_worker_in_slices(
    archive: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(saved, "ROUND", 2)  # the three new posts in two parts
    queries = [(n, "stazhirovka Bishkek" if n % 2 else "pizza") for n in range(450)]
    found = await match_in_worker(archive, NEW, queries)
    both = await match_in_worker(archive, NEW, [(1, "praktik Kirgizistan")])
    assert set(both[1]) == {BISHKEK.id, SWEDISH.id}
    assert set(found) == {n for n in range(450) if n % 2}
    assert all(posts == (BISHKEK.id,) for posts in found.values())
    assert await match_in_worker(archive, [], queries) == {}


def test_a_rounds_index_is_freed_without_the_cyclic_collector(lexicon: Lexicon) -> None:
    # match_in_worker freezes the plans after a round that made many: the round's own index
    # must be gone by then, or it would be frozen (kept) with them.
    archive = SearchEngine.from_posts([make_post(1, "Climate school")], lexicon)
    enabled = gc.isenabled()
    gc.disable()
    try:
        index = archive.beside([make_post(2, "Summer camp in Osh")])
        gone = weakref.ref(index)
        index.close()
        del index
        assert gone() is None
    finally:
        if enabled:
            gc.enable()
