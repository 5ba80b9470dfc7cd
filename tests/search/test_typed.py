"""Queries as people type them (issue 20): Russian with Kyrgyz words, chatty sentences,
Latin-typed Russian, Swedish and English, against the bundled sample and the real-world items.

The set (``typed/queries.toml``) was labelled before the engine was run on it. Run with
``pytest -s`` to see hit@3 per language, on the whole set and on the held-out part.
"""

from __future__ import annotations

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search import SearchEngine

from .typed_eval import HIT3_GATE, load_typed, score, unknown_labels

# Labels found wrong after the first run, kept as committed and reported apart: the Social
# theatre post says the young participants "have been granted money", so it is a fair answer.
ERRATA = {
    "grant dlya molodezhi": "the Social theatre post: young people 'granted money'",
    "жаштар үчүн грант барбы": "the Social theatre post: young people 'granted money'",
}
# The held-out part has 5 sv and 5 en queries: one miss is 0.8.
HELD_GATE = 0.80


def test_typed_set_is_big_and_varied_enough() -> None:
    cases = load_typed()
    assert len(cases) >= 80
    assert {c.lang for c in cases if c.expect} == {"sv", "en", "ru"}
    assert {"kyrgyz", "chatty", "latin", "forms", "unrelated"} <= {c.category for c in cases}
    held = sum(c.holdout for c in cases)
    assert 0.25 <= held / len(cases) <= 0.35


def test_typed_labels_name_real_posts(corpus: list[Post], lexicon: Lexicon) -> None:
    assert not unknown_labels(load_typed(), corpus, lexicon)


def test_typed_quality(
    engines: dict[str, tuple[SearchEngine, dict[int, tuple[str, ...]]]],
) -> None:
    report, gate_fails, noisy = score(load_typed(), engines, ERRATA, (HIT3_GATE, HELD_GATE))
    print("\n" + report)
    assert not gate_fails, report
    assert not noisy, report
