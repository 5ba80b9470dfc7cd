"""Re-ranking a shortlist: title similarity, the asker's language and opportunities nudge
scores; ``prefer`` breaks ties; and each hit names the words to highlight."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from cagbot.models import Post
from cagbot.search.documents import versions
from cagbot.search.normalize import doc_key, fold, is_stopword, words
from cagbot.search.planner import Plan

# Re-ranking nudges: never enough to lift a weak match over a strong one.
TITLE_SIMILARITY_BONUS = 0.05
LANGUAGE_BONUS = 0.02
OPPORTUNITY_BONUS = 0.2


def calibrated(score: float) -> float:
    """A raw score as the 0..100 figure callers see."""
    return round(min(100.0, 100.0 * score), 1)


@dataclass(frozen=True, slots=True)
class SearchHit:
    post_id: int
    score: float  # calibrated 0..100
    matched: tuple[str, ...]  # words to highlight: the post's own and the query's


def post_of(docs: Sequence[Post | None], slot: int) -> Post:
    post = docs[slot]
    assert post is not None
    return post


def rank(
    docs: Sequence[Post | None],
    found: list[tuple[int, float]],
    plan: Plan,
    limit: int,
    language: str | None,
    prefer: Callable[[Post], bool] | None,
) -> tuple[SearchHit, ...]:
    query_folded = " ".join(fold(unit.word) for unit in plan.units)
    ranked = []
    for slot, base in found:
        post = docs[slot]
        if post is None:
            continue
        bonus = TITLE_SIMILARITY_BONUS * title_similarity(query_folded, post) / 100
        readable = language is None or (
            post.language == language
            or (post.opportunity is not None and language in post.opportunity.titles)
        )
        if language is not None and readable:
            bonus += LANGUAGE_BONUS
        # A call lifts only where the asker can read it: a Swedish question about
        # volunteering wants Swedish posts before a Russian call.
        if plan.wants_opportunities and post.kind == "opportunity" and readable:
            bonus += OPPORTUNITY_BONUS
        ranked.append((base + bonus, -post.id, slot))
    ranked.sort(reverse=True)
    if prefer is not None:

        def tie_break(item: tuple[float, int, int]) -> tuple[float, bool]:
            post = docs[item[2]]
            return -calibrated(item[0]), post is None or not prefer(post)

        ranked.sort(key=tie_break)  # stable: within a score and preference, as above
    return tuple(
        SearchHit(
            post_id=-neg_id,
            score=calibrated(score),
            matched=matched_words(post_of(docs, slot), plan),
        )
        for score, neg_id, slot in ranked[:limit]
    )


def matched_words(post: Post, plan: Plan) -> tuple[str, ...]:
    """The post's own title words that matched, the query's words, then their stems
    and lexicon forms (the snippet looks for these in the summary). Cheap on purpose:
    it runs for every hit of a 20-result inline query."""
    found: dict[str, None] = {}
    for language, title, _ in versions(post):
        tokens = words(title)
        sequence = [doc_key(word, language) for word in tokens]
        for word, key in zip(tokens, sequence, strict=True):
            if key in plan.keys and not is_stopword(word):
                found.setdefault(word)
    # The query's words, stems and lexicon forms follow (see Plan.highlights).
    for term in plan.highlights:
        found.setdefault(term)
    return tuple(found)


def title_similarity(query_folded: str, post: Post) -> float:
    return max(
        fuzz.token_set_ratio(query_folded, " ".join(fold(word) for word in words(title)))
        for _, title, _ in versions(post)
        if title
    )
