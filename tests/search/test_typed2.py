"""Fresh set 2 ("fresh2") of queries as people type them (issue 20, second session): Swedish
without å/ä/ö, compounds and definite forms, chatty Swedish and Russian, Kyrgyz endings,
Latin-typed Russian, English, against the same corpora as ``test_typed``.

``typed2/queries.toml`` was committed before the engine was run on it; its held-out part
(every third query of each language) was fixed by position and not tuned on. Run with
``pytest -s`` to see the report.
"""

from __future__ import annotations

from pathlib import Path

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search import SearchEngine

from .typed_eval import HIT3_GATE, load_typed, score, unknown_labels

HERE = Path(__file__).with_name("typed2")
FRESH3_GATE = 0.90  # the first run gave en 1.000, ru 0.917, sv 1.000 (also on main)
# Fresh set 3: written after this session's rules, before any run, and all held out.
FRESH3 = Path(__file__).with_name("typed3")
# The held-out part is reported, never tuned on: at the first run (commit c254817, labels
# committed before it) it was sv 7/9, en 5/6, ru 9/9; after the third session's general rules
# (chat filler, qualifiers, two-edit typos) 9/9, 6/6, 9/9. The gate is the 0.90.
HELD_GATE = 0.90


def test_fresh2_set_is_big_and_varied_enough() -> None:
    cases = load_typed(HERE)
    assert len(cases) >= 60
    counts = {
        lang: sum(c.lang == lang and bool(c.expect) for c in cases) for lang in ("sv", "ru", "en")
    }
    assert min(counts["sv"], counts["ru"]) >= 20, counts
    assert counts["en"] >= 15, counts
    assert sum(not c.expect for c in cases) >= 8


def test_fresh2_labels_name_real_posts(corpus: list[Post], lexicon: Lexicon) -> None:
    assert not unknown_labels(load_typed(HERE), corpus, lexicon)
    assert not unknown_labels(load_typed(FRESH3), corpus, lexicon)


def test_fresh2_quality(
    engines: dict[str, tuple[SearchEngine, dict[int, tuple[str, ...]]]],
) -> None:
    report, gate_fails, noisy = score(load_typed(HERE), engines, {}, (HIT3_GATE, HELD_GATE))
    print("\n" + report)
    assert not gate_fails, report
    assert not noisy, report


def test_fresh3_quality(
    engines: dict[str, tuple[SearchEngine, dict[int, tuple[str, ...]]]],
) -> None:
    """Fresh set 3 is all held out; its first run (commit f4e75a1 + this test) is reported
    in the CHANGELOG. Gate: a floor against regressions, not a tuning target."""
    report, gate_fails, noisy = score(load_typed(FRESH3), engines, {}, (FRESH3_GATE, FRESH3_GATE))
    print("\n" + report)
    assert not gate_fails, report
    assert not noisy, report
