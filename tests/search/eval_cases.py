"""The labelled evaluation sets of titles (``eval_queries.toml``, ``eval_independent.toml``):
loading the cases and scoring an engine on them (MRR, hit@1, hit@3 per language and
category; unrelated queries that answered)."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from cagbot.models import Post
from cagbot.search import SearchEngine

EVAL_FILE = Path(__file__).with_name("eval_queries.toml")


@dataclass(frozen=True)
class Case:
    q: str
    lang: str
    category: str
    expect: tuple[str, ...]


def load_cases(path: Path = EVAL_FILE) -> list[Case]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Case(item["q"], item["lang"], item["category"], tuple(item["expect"]))
        for item in raw["query"]
    ]


def _relevant(posts: dict[int, Post], post_id: int, expect: tuple[str, ...]) -> bool:
    post = posts[post_id]
    titles = [post.title, *(post.opportunity.titles.values() if post.opportunity else ())]
    return any(part.casefold() in title.casefold() for part in expect for title in titles)


@dataclass(frozen=True)
class Evaluation:
    report: str
    hit3: dict[str, float]  # lang -> share of answerable queries with a relevant top-3 hit
    noisy: tuple[str, ...]  # unrelated queries that got results


def evaluate(engine: SearchEngine, corpus: list[Post], cases: list[Case]) -> Evaluation:
    posts = {post.id: post for post in corpus}
    stats: dict[str, list[float]] = defaultdict(list)  # lang -> reciprocal ranks
    hit1: dict[str, list[bool]] = defaultdict(list)
    hit3: dict[str, list[bool]] = defaultdict(list)
    per_category: dict[str, list[bool]] = defaultdict(list)
    failures: list[str] = []
    noisy: list[str] = []
    for case in cases:
        result = engine.search(case.q, limit=5, language=case.lang)
        if not case.expect:
            if result.hits:
                noisy.append(f"{case.q!r} -> {[posts[h.post_id].title for h in result.hits]}")
            continue
        ranks = [
            rank
            for rank, hit in enumerate(result.hits, start=1)
            if _relevant(posts, hit.post_id, case.expect)
        ]
        first = ranks[0] if ranks else None
        stats[case.lang].append(1 / first if first else 0.0)
        hit1[case.lang].append(first == 1)
        hit3[case.lang].append(first is not None and first <= 3)
        per_category[case.category].append(first is not None and first <= 3)
        if first is None or first > 3:
            got = [f"{posts[h.post_id].title[:50]} ({h.score})" for h in result.hits[:3]]
            failures.append(f"[{case.lang}] {case.q!r}: rank {first}, top: {got}")

    lines = ["lang   n    MRR   hit@1  hit@3"]
    for lang in sorted(stats):
        n = len(stats[lang])
        lines.append(
            f"{lang:<5}{n:>3}  {sum(stats[lang]) / n:5.3f}  {sum(hit1[lang]) / n:5.3f}"
            f"  {sum(hit3[lang]) / n:5.3f}"
        )
    for category in sorted(per_category):
        values = per_category[category]
        lines.append(f"  {category:<10} hit@3 {sum(values) / len(values):5.3f} (n={len(values)})")
    report = "\n".join([*lines, "misses:", *failures, "unrelated with results:", *noisy])
    return Evaluation(
        report=report,
        hit3={lang: sum(v) / len(v) for lang, v in hit3.items()},
        noisy=tuple(noisy),
    )
