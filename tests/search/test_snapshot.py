"""Snapshots: the same answers after a round trip, dead slots dropped, and anything that
is not a snapshot of this format refused (the caller then rebuilds)."""

from __future__ import annotations

import pytest

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search import SearchEngine
from cagbot.search.snapshot import PIECE, SnapshotError, pieces
from tests.search.conftest import make_post

QUERIES = ["internship", "стажировка в Оше", "residency bishkek", "parental leave", "Osh"]


def _edited(corpus: list[Post], lexicon: Lexicon) -> SearchEngine:
    engine = SearchEngine.from_posts(corpus, lexicon)
    for post in corpus[::3]:  # replaced: their old slots are dead
        engine.upsert(post)
    for post in corpus[1::7]:
        engine.remove(post.id)
    engine.upsert(make_post(10_001, "Residency in Bishkek", "A month for artists."))
    return engine


def test_a_round_trip_answers_the_same_without_dead_slots(
    corpus: list[Post], lexicon: Lexicon
) -> None:
    engine = _edited(corpus, lexicon)
    assert len(engine._docs) > len(engine)  # the edits left dead slots
    restored = SearchEngine.restore(engine.snapshot(), lexicon)
    assert len(restored._docs) == len(restored) == len(engine)
    assert restored.post_ids() == engine.post_ids()
    for query in QUERIES:
        assert restored.search(query) == engine.search(query), query
    for kind in ("post", "opportunity"):
        assert restored.search("internship", kind=kind) == engine.search("internship", kind=kind)


def test_a_snapshot_is_many_small_pieces(lexicon: Lexicon) -> None:
    engine = SearchEngine.from_posts(
        [make_post(i, f"Call number {i} word{i}") for i in range(1, 3 * PIECE)], lexicon
    )
    assert len(list(pieces(engine.snapshot()))) > 6  # none holds the loop for long


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:-3],
        lambda data: b"\x00" * 64,
        lambda data: b"",
        lambda data: data.replace(b"x", b"y"),
    ],
)
def test_anything_else_is_refused(lexicon: Lexicon, spoil: object) -> None:
    engine = SearchEngine.from_posts([make_post(1, "Internship in Osh")], lexicon)
    data = engine.snapshot()
    spoilt = spoil(data)  # type: ignore[operator]
    if spoilt == data:
        pytest.skip("the spoiler changed nothing")
    with pytest.raises(SnapshotError):
        SearchEngine.restore(spoilt, lexicon)


def test_another_format_is_refused(lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch) -> None:
    data = SearchEngine.from_posts([make_post(1, "Internship")], lexicon).snapshot()
    monkeypatch.setattr("cagbot.search.engine.SNAPSHOT_VERSION", "next")
    with pytest.raises(SnapshotError, match="another format"):
        SearchEngine.restore(data, lexicon)
