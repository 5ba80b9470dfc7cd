"""The in-memory search engine: candidate retrieval over keys, then scoring and re-ranking.

Retrieval: every post is indexed under the keys of its words (title and summary separately)
and under the lexicon entries its text mentions. A query word stands for its exact keys, its
typo neighbours in the vocabulary and the entries it is a form of, each with a quality.

Confidence: a post is a hit only when it matches query words carrying at least
``COVERAGE`` of the query's content weight (stopwords in three languages carry none). Nothing
is returned for a query whose words match nothing, however many posts there are: the score is
the weighted mean quality of the matched words, so it means the same thing at 20 posts and at
100k, and is not relative to the best post.
"""

from __future__ import annotations

import gc
import heapq
import itertools
import math
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search.concepts import ConceptIndex, ConceptMatch, concept_key
from cagbot.search.normalize import (
    doc_key,
    fold,
    is_cyrillic,
    is_stopword,
    query_keys,
    words,
)
from cagbot.search.vocabulary import Vocabulary, typo_budget

# Share of a query's content weight a post must match to be a hit at all.
COVERAGE = 0.75
# Field weights: a word in the title says more about a post than one in its summary.
TITLE, SUMMARY, TAG = 1.0, 0.8, 0.7
# Match qualities: the word itself, another form of it, a typo, a cross-language entry.
EXACT, STEMMED = 1.0, 0.97
TYPO_PENALTY = 0.15
ENTRY_QUALITY = {"concept": 0.9, "country": 0.8, "topic": 0.75}
# Re-ranking nudges: never enough to lift a weak match over a strong one.
TITLE_SIMILARITY_BONUS = 0.05
LANGUAGE_BONUS = 0.02
OPPORTUNITY_BONUS = 0.2
# Lexicon concepts that make a query ask for opportunities.
OPPORTUNITY_CONCEPTS = frozenset({"internship", "residency", "volunteering", "opportunity"})
_PLAN_CACHE_SIZE = 4096
# Most posts tied at the shortlist's cut that the re-ranker looks at.
_TIE_CAP = 100
# Beyond this many posting-list combinations, score candidates one by one instead.
_MAX_COMBINATIONS = 512


def _calibrated(score: float) -> float:
    """A raw score as the 0..100 figure callers see."""
    return round(min(100.0, 100.0 * score), 1)


@dataclass(frozen=True, slots=True)
class SearchHit:
    post_id: int
    score: float  # calibrated 0..100
    matched: tuple[str, ...]  # words to highlight: the post's own and the query's


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    hits: tuple[SearchHit, ...]
    suggestion: str | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Unit:
    """One content word of a query (or a stopword inside a lexicon phrase)."""

    word: str
    weight: float
    # key -> quality, best first
    alternatives: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class _Plan:
    units: tuple[_Unit, ...]
    suggestion: str | None
    topics: tuple[str, ...]
    wants_opportunities: bool
    keys: frozenset[str] = field(default_factory=frozenset)


def _unit_weight(word: str) -> float:
    if word.isdigit():
        return 0.3
    if len(word) <= 3 and not is_cyrillic(word):
        return 0.6
    return 1.0


class SearchEngine:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._concepts = ConceptIndex(lexicon)
        self._entry_keys = set(self._concepts.keys())
        self._entry_tags = frozenset(concept_key(entry) for entry in lexicon.entries)
        self._vocabulary = Vocabulary()
        for key in self._entry_keys:
            self._vocabulary.add(key)
        self._surfaces: dict[str, str] = {}
        self._title: dict[str, array[int]] = {}
        self._summary: dict[str, array[int]] = {}
        self._docs: list[Post | None] = []
        self._slot_of: dict[int, int] = {}
        self._kinds: dict[str, set[int]] = {}
        self._plans: dict[str, _Plan] = {}

    @classmethod
    def from_posts(cls, posts: Iterable[Post], lexicon: Lexicon) -> SearchEngine:
        engine = cls(lexicon)
        # A bulk build allocates only long-lived containers: cyclic GC passes over the
        # growing index are pure cost (they dominated build time at 100k posts).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            for post in posts:
                engine.upsert(post)
        finally:
            if was_enabled:
                gc.enable()
        return engine

    def __len__(self) -> int:
        return len(self._slot_of)

    # -- indexing -------------------------------------------------------------------------

    def _field_keys(self, texts: Iterable[tuple[str, str]]) -> set[str]:
        keys: set[str] = set()
        for text, language in texts:
            tokens = words(text)
            sequence = [doc_key(word, language) for word in tokens]
            for word, key in zip(tokens, sequence, strict=True):
                if key and not is_stopword(word):
                    keys.add(key)
                    if key not in self._surfaces:
                        self._surfaces[key] = word
            bare = [fold(word) for word in tokens]
            keys |= self._concepts.keys_in_document(tokens, sequence, bare)
        return keys

    def _post_keys(self, post: Post) -> tuple[set[str], set[str]]:
        """Keys of the title field (curated titles included) and of the summary field.

        Deterministic for a post and lexicon, so removal recomputes them instead of the
        index keeping a key set per post (that doubled its memory)."""
        # Every version (curated, staff-written, machine-translated) is indexed (issue 11).
        title_keys = self._field_keys(post.title_versions())
        summary_keys = self._field_keys(post.summary_versions()) - title_keys
        tags = [f"@t:{slug}" for slug in post.topics] + [f"@c:{slug}" for slug in post.countries]
        if post.opportunity is not None:
            tags += ["@o:opportunity", f"@o:{post.opportunity.type}"]
            # A curated call is an opportunity of its type whatever words its text uses, so
            # "how do I apply" or "стажировка" reach it through the lexicon's concepts.
            concepts = ("@c:opportunity", f"@c:{post.opportunity.type}")
            tags += [key for key in concepts if key in self._entry_tags]
        summary_keys.update(tag for tag in tags if tag not in title_keys)
        return title_keys, summary_keys

    def upsert(self, post: Post) -> None:
        """Index ``post``, replacing the version indexed under the same id."""
        self.remove(post.id)
        title_keys, summary_keys = self._post_keys(post)
        slot = len(self._docs)
        self._docs.append(post)
        self._slot_of[post.id] = slot
        self._kinds.setdefault(post.kind, set()).add(slot)
        grew = False
        for postings, keys in ((self._title, title_keys), (self._summary, summary_keys)):
            for key in keys:
                postings.setdefault(key, array("I")).append(slot)
                if not key.startswith("@"):
                    grew = self._vocabulary.add(key) or grew
        if grew:
            self._plans.clear()

    def remove(self, post_id: int) -> None:
        slot = self._slot_of.pop(post_id, None)
        if slot is None:
            return
        post = self._docs[slot]
        self._docs[slot] = None
        assert post is not None
        self._kinds[post.kind].discard(slot)
        title_keys, summary_keys = self._post_keys(post)
        for postings, keys in ((self._title, title_keys), (self._summary, summary_keys)):
            for key in keys:
                slots = postings[key]
                slots.remove(slot)
                if not slots:
                    del postings[key]

    # -- query planning -------------------------------------------------------------------

    def _known(self, key: str) -> bool:
        return key in self._title or key in self._summary or key in self._entry_keys

    def _plan(self, query: str) -> _Plan:
        cached = self._plans.get(query)
        if cached is not None:
            return cached
        tokens = words(query)
        qualities: list[dict[str, float]] = []
        replacements: dict[int, str] = {}
        for position, word in enumerate(tokens):
            variants = query_keys(word)
            found = {
                key: (EXACT if i == 0 else STEMMED)
                for i, key in enumerate(variants)
                if self._known(key)
            }
            if not found and not is_stopword(word) and not word.isdigit():
                budget = typo_budget(len(fold(word)))
                for variant in variants:
                    for key, distance in self._vocabulary.neighbours(variant, budget):
                        quality = EXACT - TYPO_PENALTY * distance
                        if found.get(key, 0.0) < quality:
                            found[key] = quality
                if found:
                    best = max(found, key=lambda k: found[k])
                    replacements[position] = self._surface(best, word)
            qualities.append(found)

        matches = self._concepts.in_query(qualities)
        covering: dict[int, list[ConceptMatch]] = {}
        for match in matches:
            for position in range(match.start, match.end):
                covering.setdefault(position, []).append(match)

        units = []
        for position, word in enumerate(tokens):
            if is_stopword(word) and position not in covering:
                continue
            options = dict(qualities[position])
            for match in covering.get(position, ()):
                quality = ENTRY_QUALITY[match.entry.kind] * match.quality
                if options.get(match.key, 0.0) < quality:
                    options[match.key] = quality
            ranked = tuple(sorted(options.items(), key=lambda pair: -pair[1]))
            units.append(_Unit(word, _unit_weight(word), ranked))

        suggestion = None
        total = sum(unit.weight for unit in units)
        reachable = sum(unit.weight for unit in units if unit.alternatives)
        # Offer a correction only when the corrected query could match something.
        if replacements and total and reachable >= COVERAGE * total - 1e-9:
            suggestion = " ".join(replacements.get(i, word) for i, word in enumerate(tokens))
        touched = [match.entry for match in matches]
        plan = _Plan(
            units=tuple(units),
            suggestion=suggestion,
            topics=tuple(dict.fromkeys(e.slug for e in touched if e.kind == "topic")),
            wants_opportunities=any(
                e.kind == "concept" and e.slug in OPPORTUNITY_CONCEPTS for e in touched
            ),
            keys=frozenset(key for unit in units for key, _ in unit.alternatives),
        )
        if len(self._plans) >= _PLAN_CACHE_SIZE:
            self._plans.clear()
        self._plans[query] = plan
        return plan

    def _surface(self, key: str, written: str) -> str:
        """How to write ``key`` back to someone who typed ``written``: the content's own
        spelling when it is in the same script, else the lexicon's form in that script."""
        cyrillic = is_cyrillic(written)
        lexicon_forms = self._concepts.surfaces.get(key, {})
        own = self._surfaces.get(key)
        if own is not None and is_cyrillic(own) == cyrillic:
            return own
        same_script = lexicon_forms.get("cyrillic" if cyrillic else "latin")
        return same_script or own or next(iter(lexicon_forms.values()), written)

    def clear_cache(self) -> None:
        self._plans.clear()

    # -- retrieval and ranking ------------------------------------------------------------

    def _passes(self, unit: _Unit) -> list[tuple[float, array[int]]]:
        """Postings that match ``unit``, each with its field-weighted quality, best first."""
        passes = []
        for key, quality in unit.alternatives:
            title = self._title.get(key)
            if title:
                passes.append((quality * TITLE, title))
            summary = self._summary.get(key)
            if summary:
                factor = TAG if key.startswith("@") else SUMMARY
                passes.append((quality * factor, summary))
        passes.sort(key=lambda pair: -pair[0])
        return passes

    def _unit_scores(self, unit: _Unit) -> dict[int, float]:
        """Best field-weighted quality of ``unit`` per slot."""
        passes = self._passes(unit)
        # Lowest score first, so a slot ends with its best score; each pass is one C-level
        # update costing the size of its postings, not of the result so far.
        passes.sort(key=lambda pair: pair[0])
        best: dict[int, float] = {}
        for score, slots in passes:
            best.update(dict.fromkeys(slots, score))
        return best

    def _single_unit_shortlist(
        self, unit: _Unit, size: int, allowed: set[int] | None
    ) -> list[tuple[int, float]]:
        """The best-scored slots of a one-word query without scoring every matching post:
        walk the postings from the best field-weighted quality down and stop when enough
        slots are found (ties at the cut are kept, up to a cap, for the re-ranker)."""
        return _best_slots(
            (
                (score, (slot for slot in slots if allowed is None or slot in allowed))
                for score, slots in self._passes(unit)
            ),
            size,
        )

    def _all_words_shortlist(
        self, plan: _Plan, size: int, allowed: set[int] | None
    ) -> list[tuple[int, float]] | None:
        """Best slots when every word must match, without scoring every matching post.

        A combination of one posting list per word has a known score; walking combinations
        from the best down, a slot first appears in its best combination, so the walk can
        stop once ``size`` slots are found and the next combination scores lower. Returns
        None when the combinations are too many to walk (long queries)."""
        passes = [self._passes(unit) for unit in plan.units]
        if any(not unit_passes for unit_passes in passes):
            return []
        if math.prod(len(unit_passes) for unit_passes in passes) > _MAX_COMBINATIONS:
            return None
        weights = [unit.weight for unit in plan.units]
        total = sum(weights)
        combinations = sorted(
            (
                (
                    sum(w * score for w, (score, _) in zip(weights, combo, strict=True)) / total,
                    [postings for _, postings in combo],
                )
                for combo in itertools.product(*passes)
            ),
            key=lambda pair: -pair[0],
        )

        def matches() -> Iterator[tuple[float, set[int]]]:
            for score, postings in combinations:
                postings.sort(key=len)
                found = set(postings[0])
                if allowed is not None:
                    found &= allowed
                for other in postings[1:]:
                    if not found:
                        break
                    found = found.intersection(other)
                yield score, found

        return _best_slots(matches(), size)

    def _multi_unit_shortlist(
        self, plan: _Plan, size: int, allowed: set[int] | None
    ) -> list[tuple[int, float]]:
        """Slots matching enough of the query's weight, best ``size`` by weighted quality."""
        total = sum(unit.weight for unit in plan.units)
        needed = COVERAGE * total - 1e-9
        if all(unit.weight > total - needed for unit in plan.units):
            shortlist = self._all_words_shortlist(plan, size, allowed)
            if shortlist is not None:
                return shortlist
        per_unit = [(unit.weight, self._unit_scores(unit)) for unit in plan.units]
        total = sum(weight for weight, _ in per_unit)
        needed = COVERAGE * total - 1e-9
        slack = total - needed
        # A word heavier than the slack must match: intersect those first (C-level set ops).
        mandatory = [found for weight, found in per_unit if weight > slack]
        candidates: set[int]
        if mandatory:
            mandatory.sort(key=len)
            candidates = set(mandatory[0]).intersection(*mandatory[1:])
        else:
            candidates = set().union(*(found for _, found in per_unit))
        if allowed is not None:
            candidates &= allowed
        scores: dict[int, float] = {}
        for slot in candidates:
            matched = 0.0
            score = 0.0
            for weight, found in per_unit:
                value = found.get(slot)
                if value is not None:
                    matched += weight
                    score += weight * value
            if matched >= needed:
                scores[slot] = score / total
        return heapq.nlargest(size, scores.items(), key=lambda pair: pair[1])

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        language: str | None = None,
        kind: str | None = None,
        prefer: Callable[[Post], bool] | None = None,
    ) -> SearchResult:
        """The best ``limit`` posts for ``query``. ``prefer`` breaks ties: among hits of
        equal (calibrated) score, the posts it accepts come first. The engine holds no
        clock, so the caller says what is current (the bot: opportunities still open)."""
        plan = self._plan(query)
        nothing = SearchResult(query, (), plan.suggestion, plan.topics)
        total = sum(unit.weight for unit in plan.units)
        if not plan.units or limit <= 0:
            return nothing
        needed = COVERAGE * total - 1e-9
        reachable = sum(unit.weight for unit in plan.units if unit.alternatives)
        if reachable < needed:
            return nothing

        allowed = self._kinds.get(kind, set()) if kind is not None else None
        shortlist_size = max(limit * 4, 20)
        if len(plan.units) == 1:
            shortlist = self._single_unit_shortlist(plan.units[0], shortlist_size, allowed)
        else:
            shortlist = self._multi_unit_shortlist(plan, shortlist_size, allowed)
        if not shortlist:
            return nothing
        query_text = " ".join(unit.word for unit in plan.units)
        ranked = []
        for slot, base in shortlist:
            post = self._docs[slot]
            assert post is not None
            bonus = TITLE_SIMILARITY_BONUS * self._title_similarity(query_text, post) / 100
            if language is not None and (
                post.language == language
                or (post.opportunity is not None and language in post.opportunity.titles)
            ):
                bonus += LANGUAGE_BONUS
            if plan.wants_opportunities and post.kind == "opportunity":
                bonus += OPPORTUNITY_BONUS
            ranked.append((base + bonus, -post.id, slot))
        ranked.sort(reverse=True)
        if prefer is not None:
            docs = self._docs

            def tie_break(item: tuple[float, int, int]) -> tuple[float, bool]:
                post = docs[item[2]]
                return -_calibrated(item[0]), post is None or not prefer(post)

            ranked.sort(key=tie_break)  # stable: within a score and preference, as above
        hits = tuple(
            SearchHit(
                post_id=-neg_id,
                score=_calibrated(score),
                matched=self._matched_words(slot, plan),
            )
            for score, neg_id, slot in ranked[:limit]
        )
        return SearchResult(query, hits, plan.suggestion, plan.topics)

    @staticmethod
    def _title_similarity(query_text: str, post: Post) -> float:
        titles = [post.title]
        if post.opportunity is not None:
            titles += list(post.opportunity.titles.values())
        query_folded = " ".join(fold(word) for word in words(query_text))
        return max(
            fuzz.token_set_ratio(query_folded, " ".join(fold(word) for word in words(title)))
            for title in titles
        )

    def _matched_words(self, slot: int, plan: _Plan) -> tuple[str, ...]:
        """The post's own words that matched (for highlighting), then the query's words."""
        post = self._docs[slot]
        assert post is not None
        texts: list[tuple[str, str]] = [(post.title, post.language), (post.summary, post.language)]
        if post.opportunity is not None:
            texts += list(post.opportunity.titles.items())
        found: dict[str, None] = {}
        for text, language in texts:
            tokens = words(text)
            sequence = [doc_key(word, language) for word in tokens]
            for word, key in zip(tokens, sequence, strict=True):
                if key in plan.keys and not is_stopword(word):
                    found.setdefault(word)
            bare = [fold(word) for word in tokens]
            for match in self._concepts.in_document(tokens, sequence, bare):
                if match.key in plan.keys:
                    found.setdefault(" ".join(tokens[match.start : match.end]))
        for unit in plan.units:
            found.setdefault(unit.word)
        return tuple(found)


def _best_slots(
    groups: Iterable[tuple[float, Iterable[int]]], size: int
) -> list[tuple[int, float]]:
    """Walk (score, slots) groups from the best score down and keep each slot's best score,
    stopping once ``size`` slots are found and the scores drop below the cut (ties at the
    cut are kept, up to a cap, for the re-ranker). Groups are consumed lazily, so the work
    of producing later groups is never done."""
    chosen: dict[int, float] = {}
    cut: float | None = None
    for score, slots in groups:
        if cut is not None and score < cut:
            break
        for slot in slots:
            if slot not in chosen:
                chosen[slot] = score
                if len(chosen) >= size and cut is None:
                    cut = score
                if len(chosen) >= _TIE_CAP:
                    return list(chosen.items())
    return list(chosen.items())
