"""A development-held-out slice of 30 queries as people type them (issue 20, third session),
written and committed before that session changed the engine; reported, never tuned on.
Run with ``pytest -s`` to see the report."""

from __future__ import annotations

from pathlib import Path

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search import SearchEngine

from .typed_eval import load_typed, score, unknown_labels

HERE = Path(__file__).with_name("typed_dev30")
# A floor against regressions below the figures the session reported (CHANGELOG): before any
# change en 0.889, ru 0.833, sv 0.889; after en 0.889, ru 0.917, sv 0.889.
GATE = 0.85


def test_dev30_labels_name_real_posts(corpus: list[Post], lexicon: Lexicon) -> None:
    cases = load_typed(HERE)
    assert sum(bool(c.expect) for c in cases) >= 30
    assert all(c.holdout for c in cases)
    assert not unknown_labels(cases, corpus, lexicon)


def test_dev30_quality(
    engines: dict[str, tuple[SearchEngine, dict[int, tuple[str, ...]]]],
) -> None:
    report, gate_fails, noisy = score(load_typed(HERE), engines, {}, (GATE, GATE))
    print("\n" + report)
    assert not gate_fails, report
    assert not noisy, report
