"""An independent evaluation set, written from the served content without looking at the
first set or the lexicon, to catch a lexicon overfitted to eval_queries.toml.

Run with ``pytest -s`` to see MRR and hit@1/hit@3 per language and category.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from cagbot.models import Post
from cagbot.search import SearchEngine

from .eval_cases import evaluate, load_cases

EVAL_FILE = Path(__file__).with_name("eval_independent.toml")
HIT3_GATE = 0.90


def test_independent_set_is_big_and_varied_enough() -> None:
    cases = load_cases(EVAL_FILE)
    assert len(cases) >= 45
    categories = Counter(case.category for case in cases)
    assert categories["unrelated"] >= 8
    assert {"exact", "typo", "translit", "crosslang", "question"} <= set(categories)
    assert {c.lang for c in cases if c.expect} == {"sv", "en", "ru"}


def test_independent_titles_exist(corpus: list[Post]) -> None:
    titles = [p.title for p in corpus] + [
        t for p in corpus if p.opportunity for t in p.opportunity.titles.values()
    ]
    missing = {
        part
        for case in load_cases(EVAL_FILE)
        for part in case.expect
        if not any(part.casefold() in title.casefold() for title in titles)
    }
    assert not missing, f"eval set names posts that are not in the corpus: {sorted(missing)}"


def test_independent_quality(engine: SearchEngine, corpus: list[Post]) -> None:
    evaluation = evaluate(engine, corpus, load_cases(EVAL_FILE))
    print("\n" + evaluation.report)
    below = [lang for lang, share in evaluation.hit3.items() if share < HIT3_GATE]
    assert not below, evaluation.report
    assert not evaluation.noisy, evaluation.report
