"""The real-world evaluation set: public sv/en/ru pages the engine was not written for.

Items become posts the way the importer makes them (tags and opportunity heuristics), and
queries are scored by hit@3 per language. Unrelated queries must return nothing and unknown
names must be reported as such. Run with ``pytest -s`` to see the report (tuned and held-out
queries apart).
"""

from __future__ import annotations

import fnmatch
from collections import Counter, defaultdict
from dataclasses import dataclass

import pytest

from cagbot.search import SearchEngine

from .realworld_items import load_items, load_real_cases, real_posts

HIT3_GATE = 0.90


@pytest.fixture(scope="module")
def real_world() -> tuple[SearchEngine, dict[int, str]]:
    from cagbot.lexicon import load_lexicon

    lexicon = load_lexicon()
    posts, names = real_posts(lexicon)
    return SearchEngine.from_posts(posts, lexicon), names


def test_items_and_queries_are_big_and_varied_enough() -> None:
    items = load_items()
    assert len(items) >= 200
    assert Counter(item["lang"] for item in items).keys() == {"sv", "en", "ru"}
    assert all(item["link"].startswith("http") for item in items)
    cases = load_real_cases()
    assert len(cases) >= 60
    answerable = Counter(case.lang for case in cases if case.expect)
    assert all(answerable[lang] >= 15 for lang in ("sv", "en", "ru")), answerable
    categories = Counter(case.category for case in cases)
    assert categories["unrelated"] >= 8
    assert categories["unknown"] >= 3
    assert {"typo", "translit", "question", "synonym", "crosslang"} <= set(categories)
    held = sum(case.holdout for case in cases)
    assert 0.2 <= held / len(cases) <= 0.3


def test_every_expected_id_names_an_item() -> None:
    ids = [item["id"] for item in load_items()]
    assert len(ids) == len(set(ids))
    dangling = {
        pattern
        for case in load_real_cases()
        for pattern in case.expect
        if not fnmatch.filter(ids, pattern)
    }
    assert not dangling, sorted(dangling)


@dataclass(frozen=True)
class RealEvaluation:
    report: str
    hit3: dict[str, float]
    noisy: tuple[str, ...]
    not_flagged: tuple[str, ...]


def evaluate_real(engine: SearchEngine, names: dict[int, str]) -> RealEvaluation:
    hits: dict[str, list[bool]] = defaultdict(list)
    split: dict[tuple[str, bool], list[bool]] = defaultdict(list)
    per_category: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    noisy: list[str] = []
    not_flagged: list[str] = []
    for case in load_real_cases():
        result = engine.search(case.q, limit=5, language=case.lang)
        got = [names[hit.post_id] for hit in result.hits]
        if not case.expect:
            if got:
                noisy.append(f"{case.q!r} -> {got[:3]}")
            if case.category == "unknown" and not result.unknown:
                not_flagged.append(case.q)
            continue
        ranks = [
            rank
            for rank, name in enumerate(got, start=1)
            if any(fnmatch.fnmatch(name, pattern) for pattern in case.expect)
        ]
        hit = bool(ranks) and ranks[0] <= 3
        hits[case.lang].append(hit)
        split[(case.lang, case.holdout)].append(hit)
        per_category[case.category].append(hit)
        if not hit:
            misses.append(f"[{case.lang}{' held' if case.holdout else ''}] {case.q!r}: {got[:3]}")
    lines = ["lang  n   hit@3  tuned  held-out"]
    for lang in sorted(hits):
        tuned, held = split[(lang, False)], split[(lang, True)]
        lines.append(
            f"{lang:<4}{len(hits[lang]):>3}  {sum(hits[lang]) / len(hits[lang]):5.3f}"
            f"  {sum(tuned) / max(1, len(tuned)):5.3f}  {sum(held) / max(1, len(held)):5.3f}"
        )
    for category in sorted(per_category):
        values = per_category[category]
        lines.append(f"  {category:<10} hit@3 {sum(values) / len(values):5.3f} (n={len(values)})")
    sections = [
        *lines,
        "misses:",
        *misses,
        "unrelated/unknown with results:",
        *noisy,
        "unknown not flagged:",
        *not_flagged,
    ]
    report = "\n".join(sections)
    return RealEvaluation(
        report,
        {lang: sum(values) / len(values) for lang, values in hits.items()},
        tuple(noisy),
        tuple(not_flagged),
    )


def test_real_world_quality(real_world: tuple[SearchEngine, dict[int, str]]) -> None:
    engine, names = real_world
    evaluation = evaluate_real(engine, names)
    print("\n" + evaluation.report)
    below = [lang for lang, share in evaluation.hit3.items() if share < HIT3_GATE]
    assert not below, evaluation.report
    assert not evaluation.noisy, evaluation.report
    assert not evaluation.not_flagged, evaluation.report
