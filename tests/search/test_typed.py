"""Queries as people type them (issue 20): Russian with Kyrgyz words, chatty sentences,
Latin-typed Russian, Swedish and English, against the bundled sample and the real-world items.

The set (``typed/queries.toml``) was labelled before the engine was run on it. Run with
``pytest -s`` to see hit@3 per language, on the whole set and on the held-out part.
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search import SearchEngine

from .test_realworld import real_posts

HERE = Path(__file__).with_name("typed")
HIT3_GATE = 0.90
# Labels found wrong after the first run, kept as committed and reported apart: the Social
# theatre post says the young participants "have been granted money", so it is a fair answer.
ERRATA = {
    "grant dlya molodezhi": "the Social theatre post: young people 'granted money'",
    "жаштар үчүн грант барбы": "the Social theatre post: young people 'granted money'",
}
# The held-out part has 5 sv and 5 en queries: one miss is 0.8.
HELD_GATE = 0.80


@dataclass(frozen=True)
class TypedCase:
    q: str
    lang: str
    category: str
    corpus: str
    expect: tuple[str, ...]
    holdout: bool


def load_typed(here: Path = HERE) -> list[TypedCase]:
    raw = tomllib.loads((here / "queries.toml").read_text(encoding="utf-8"))
    return [
        TypedCase(
            item["q"],
            item["lang"],
            item["category"],
            item["corpus"],
            tuple(item["expect"]),
            bool(item.get("holdout", False)),
        )
        for item in raw["query"]
    ]


def test_typed_set_is_big_and_varied_enough() -> None:
    cases = load_typed()
    assert len(cases) >= 80
    assert {c.lang for c in cases if c.expect} == {"sv", "en", "ru"}
    assert {"kyrgyz", "chatty", "latin", "forms", "unrelated"} <= {c.category for c in cases}
    held = sum(c.holdout for c in cases)
    assert 0.25 <= held / len(cases) <= 0.35


def _names(post: Post) -> list[str]:
    return [post.title, *(post.opportunity.titles.values() if post.opportunity else ())]


def test_typed_labels_name_real_posts(corpus: list[Post], lexicon: Lexicon) -> None:
    assert not unknown_labels(load_typed(), corpus, lexicon)


def unknown_labels(cases: list[TypedCase], corpus: list[Post], lexicon: Lexicon) -> list[str]:
    """Labels that name no post of their corpus."""
    titles = [title for post in corpus for title in _names(post)]
    _, ids = real_posts(lexicon)
    return [
        part
        for case in cases
        for part in case.expect
        if (
            (case.corpus == "sample" and not any(part.casefold() in t.casefold() for t in titles))
            or (case.corpus == "realworld" and not fnmatch.filter(ids.values(), part))
        )
    ]


@pytest.fixture
def engines(
    corpus: list[Post], lexicon: Lexicon
) -> dict[str, tuple[SearchEngine, dict[int, tuple[str, ...]]]]:
    real, ids = real_posts(lexicon)
    return {
        "sample": (
            SearchEngine.from_posts(corpus, lexicon),
            {post.id: tuple(_names(post)) for post in corpus},
        ),
        "realworld": (SearchEngine.from_posts(real, lexicon), {k: (v,) for k, v in ids.items()}),
    }


def _relevant(case: TypedCase, names: tuple[str, ...]) -> bool:
    if case.corpus == "realworld":
        return any(fnmatch.fnmatch(names[0], pattern) for pattern in case.expect)
    return any(p.casefold() in n.casefold() for p in case.expect for n in names)


def score(
    cases: list[TypedCase],
    engines: dict[str, tuple[SearchEngine, dict[int, tuple[str, ...]]]],
    errata: dict[str, str],
    gates: tuple[float, float],
) -> tuple[str, list[str], list[str]]:
    """hit@3 per language (all, tuned, held-out) and by category: the report, the languages
    under ``gates`` (whole set, held-out part) and the no-match queries that answered."""
    hits: dict[tuple[str, bool], list[bool]] = defaultdict(list)
    categories: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    noisy: list[str] = []
    excused: list[str] = []
    for case in cases:
        engine, names = engines[case.corpus]
        result = engine.search(case.q, limit=5, language=case.lang)
        got = [names[hit.post_id] for hit in result.hits]
        if not case.expect:
            # Words the index does not know are left out (issue 20), so "grant dlya
            # molodezhi" may answer for «молодежи» alone: then it must say so.
            if got and not (result.partial and result.ignored):
                answer = f"{case.q!r} -> {[g[0][:40] for g in got[:3]]}"
                if case.q in errata:
                    excused.append(f"{answer} ({errata[case.q]})")
                else:
                    noisy.append(answer)
            continue
        hit = any(_relevant(case, g) for g in got[:3])
        hits[(case.lang, case.holdout)].append(hit)
        categories[case.category].append(hit)
        if not hit:
            mark = " held" if case.holdout else ""
            misses.append(f"[{case.lang}{mark}] {case.q!r}: {[g[0][:40] for g in got[:3]]}")
    lines = ["lang  n   hit@3  tuned  held-out"]
    gate_fails = []
    for lang in ("en", "ru", "sv"):
        tuned, held = hits[(lang, False)], hits[(lang, True)]
        every = tuned + held
        share, held_share = sum(every) / len(every), sum(held) / max(1, len(held))
        lines.append(
            f"{lang:<4}{len(every):>3}  {share:5.3f}  {sum(tuned) / max(1, len(tuned)):5.3f}"
            f"  {held_share:5.3f}"
        )
        if share < gates[0] or held_share < gates[1]:
            gate_fails.append(lang)
    for category in sorted(categories):
        values = categories[category]
        lines.append(f"  {category:<10} hit@3 {sum(values) / len(values):5.3f} (n={len(values)})")
    report = "\n".join(
        [*lines, "misses:", *misses, "no match expected, got:", *noisy, "label errata:", *excused]
    )
    return report, gate_fails, noisy


def test_typed_quality(
    engines: dict[str, tuple[SearchEngine, dict[int, tuple[str, ...]]]],
) -> None:
    report, gate_fails, noisy = score(load_typed(), engines, ERRATA, (HIT3_GATE, HELD_GATE))
    print("\n" + report)
    assert not gate_fails, report
    assert not noisy, report
