"""The labelled evaluation set: quality gates per language and silence on unrelated queries.

Run with ``pytest -s`` to see MRR and hit@1/hit@3 per language and category.
"""

from __future__ import annotations

from collections import defaultdict

from cagbot.models import Post
from cagbot.search import SearchEngine

from .eval_cases import evaluate, load_cases

HIT3_GATE = 0.95


def test_eval_set_is_big_and_varied_enough() -> None:
    cases = load_cases()
    assert len(cases) >= 60
    by_category: defaultdict[str, int] = defaultdict(int)
    for case in cases:
        by_category[case.category] += 1
    assert sum(1 for c in cases if c.category == "unrelated") >= 8
    assert {"exact", "typo", "translit", "crosslang", "unrelated"} <= set(by_category)
    assert {c.lang for c in cases if c.expect} == {"sv", "en", "ru"}


def test_every_expected_title_exists(corpus: list[Post]) -> None:
    titles = [p.title for p in corpus] + [
        t for p in corpus if p.opportunity for t in p.opportunity.titles.values()
    ]
    missing = {
        part
        for case in load_cases()
        for part in case.expect
        if not any(part.casefold() in title.casefold() for title in titles)
    }
    assert not missing, f"eval set names posts that are not in the corpus: {sorted(missing)}"


def test_eval_quality(engine: SearchEngine, corpus: list[Post]) -> None:
    evaluation = evaluate(engine, corpus, load_cases())
    print("\n" + evaluation.report)
    below = [lang for lang, share in evaluation.hit3.items() if share < HIT3_GATE]
    assert not below, evaluation.report
    assert not evaluation.noisy, evaluation.report
