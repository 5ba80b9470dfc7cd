"""Candidate retrieval: the best-scored posts for a plan, without scoring every match.

A unit's *passes* are its posting lists, each with the field-weighted quality every post in
it gets for that unit, best first. A post's score is the weighted mean of its units'
qualities; it is a hit when the units it matches carry at least ``needed`` of the weight.

Work is bounded whatever the query: one-word and every-word-required queries walk passes
from the best score down and stop once the shortlist is full; other queries count, in C,
how many of the words' slot sets each post is in (a word in more than :data:`COMMON` posts
is matched among its newest ones), keep posts in enough of them, and score at most
:data:`CANDIDATE_CAP` candidates.
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

Passes = list[tuple[float, "array[int]"]]

# Most posts tied at the shortlist's cut that the re-ranker looks at: the newest of them
# (slots grow with indexing order, oldest first), as the re-ranker's own last tie-break.
TIE_CAP = 50
# Beyond this many posting-list combinations, use candidate sets instead.
MAX_COMBINATIONS = 512
# Most candidates scored one by one: with more, the newest are kept (slots grow with
# indexing order, and posts are indexed oldest first), which bounds the worst query.
CANDIDATE_CAP = 2000
# Slots of one posting list considered when several words need not all match (see
# unit_scores); postings are in indexing order, so these are the newest.
COMMON = 5000
# Slots all of a query's units together contribute when not every word must match: a
# long question of common words shares this budget (each unit keeps at least
# FEW_COMMON), so its cost does not grow with its length (issue 14: p99 <= 5 ms at 100k).
BUDGET = 12_000
FEW_COMMON = 2000
# What a post missing one of the query's words loses against one matching them all.
MISSING_WORD = 0.2


def unit_room(units: int) -> int:
    """Slots each of ``units`` units may contribute (see :data:`BUDGET`)."""
    return max(FEW_COMMON, min(COMMON, BUDGET // max(units, 1)))


def best_slots(
    groups: Iterable[tuple[float, Iterable[int]]], size: int, alive: Callable[[int], bool]
) -> list[tuple[int, float]]:
    """Walk (score, slots) groups from the best score down and keep each live slot's best
    score, stopping once ``size`` slots are found and the scores drop below the cut (ties
    at the cut are kept, up to a cap, for the re-ranker). Groups are consumed lazily."""
    chosen: dict[int, float] = {}
    cut: float | None = None
    for score, slots in groups:
        if cut is not None and score < cut:
            break
        for slot in slots:
            if slot not in chosen and alive(slot):
                chosen[slot] = score
                if len(chosen) >= size and cut is None:
                    cut = score
                if len(chosen) >= TIE_CAP:
                    return list(chosen.items())
    return list(chosen.items())


def single(
    passes: Passes, size: int, allowed: set[int] | None, alive: Callable[[int], bool]
) -> list[tuple[int, float]]:
    return best_slots(
        (
            (score, (slot for slot in reversed(slots) if allowed is None or slot in allowed))
            for score, slots in passes
        ),
        size,
        alive,
    )


def every_word(
    unit_passes: Sequence[Passes],
    weights: Sequence[float],
    size: int,
    allowed: set[int] | None,
    alive: Callable[[int], bool],
) -> list[tuple[int, float]] | None:
    """Best slots when every word must match. A combination of one posting list per word
    has a known score; walking combinations from the best down, a slot first appears in its
    best combination, so the walk stops once ``size`` slots are found. None when the
    combinations are too many to walk."""
    if any(not passes for passes in unit_passes):
        return []
    if math.prod(len(passes) for passes in unit_passes) > MAX_COMBINATIONS:
        return None
    total = sum(weights)
    combinations = sorted(
        (
            (
                sum(w * score for w, (score, _) in zip(weights, combo, strict=True)) / total,
                [postings for _, postings in combo],
            )
            for combo in itertools.product(*unit_passes)
        ),
        key=lambda pair: -pair[0],
    )

    sets: dict[int, set[int]] = {}  # one set per posting list, shared by its combinations

    def as_set(postings: array[int]) -> set[int]:
        found = sets.get(id(postings))
        if found is None:
            # As in unit_scores, a very common word is matched among its newest posts.
            found = sets[id(postings)] = set(postings[-COMMON:])
        return found

    def matches() -> Iterator[tuple[float, Iterable[int]]]:
        for score, postings in combinations:
            postings.sort(key=len)
            found = as_set(postings[0])
            if allowed is not None:
                found = found & allowed
            for other in postings[1:]:
                if not found:
                    break
                found = found & as_set(other)
            # Newest first, so ties at the cut keep the newest posts.
            yield score, (sorted(found, reverse=True) if len(found) > size else found)

    return best_slots(matches(), size, alive)


def unit_scores(passes: Passes, room: int = COMMON) -> dict[int, float]:
    """Best field-weighted quality of a unit per slot (one C-level update per pass).

    A unit contributes at most ``room`` slots, the newest of its best passes: a word in
    that many posts is a weak filter, and touching all of it for every query of several
    such words is what made long messages of common words cost a second at 100k posts."""
    taken: list[tuple[float, Sequence[int]]] = []
    part: Sequence[int]
    for score, slots in passes:  # best first: the best qualities are the ones kept
        if room <= 0:
            break
        part = slots[-room:] if len(slots) > room else slots
        taken.append((score, part))
        room -= len(part)
    best: dict[int, float] = {}
    for score, part in reversed(taken):  # worst first, so each slot ends with its best
        best.update(dict.fromkeys(part, score))
    return best


def _fewest_units(weights: Sequence[float], needed: float) -> int:
    """The fewest units any hit can match: the heaviest ones reaching ``needed``."""
    reached = 0.0
    for count, weight in enumerate(sorted(weights, reverse=True), start=1):
        reached += weight
        if reached >= needed:
            return count
    return len(weights) + 1


def some_words(
    per_unit: Sequence[dict[int, float]],
    weights: Sequence[float],
    needed: float,
    size: int,
    allowed: set[int] | None,
    alive: Callable[[int], object],
    counted: dict[tuple[int, ...], Counter[int]] | None = None,
) -> list[tuple[int, float]]:
    """Slots matching units worth at least ``needed``, best ``size`` by weighted quality.
    ``per_unit``: each unit's :func:`unit_scores` (a search asking twice, for all its
    words and then for some of them, computes them once); ``counted``: the membership
    counts of such lists, kept across those two asks in the same way.

    Every step over the candidates is a C-level map, never a Python loop per slot: at 100k
    posts a long question has thousands of candidates, and a loop over them was most of
    its cost (p99 9 ms, issue 14's target 5)."""
    # A hit is in at least `fewest` of the units' slot sets: count memberships in C.
    fewest = _fewest_units(weights, needed)
    if fewest > len(per_unit):
        return []
    counts: Counter[int] | None = None

    def count() -> Counter[int]:
        key = tuple(map(id, per_unit))
        found = None if counted is None else counted.get(key)
        if found is None:
            found = Counter(itertools.chain.from_iterable(per_unit))
            if counted is not None:
                counted[key] = found
        return found

    # A unit weighing more than the slack is in every hit (a qualifier's discount leaves the
    # query's topic words required): intersect those, in C, instead of counting every set.
    slack = sum(weights) - needed
    everywhere = [w > slack for w in weights]
    required = sorted(
        (best for best, always in zip(per_unit, everywhere, strict=True) if always), key=len
    )
    found: Iterable[int]
    if required:
        found = set(required[0]).intersection(*required[1:])
        if len(required) < fewest:
            counts = count()
            found = [slot for slot in found if counts[slot] >= fewest]
    else:
        counts = count()
        if fewest <= 1:
            found = counts.keys()
        else:
            found = itertools.compress(
                counts.keys(), map(operator.ge, counts.values(), itertools.repeat(fewest))
            )
    if allowed is not None:
        found = allowed.intersection(found)
    candidates = sorted(found)
    # With too many, the newest are kept: slots grow with indexing order (oldest first).
    candidates = candidates[-CANDIDATE_CAP:]
    candidates = list(itertools.compress(candidates, map(alive, candidates)))
    if not candidates:
        return []
    total = sum(weights)
    if required:
        # The matched weight of a candidate missing every optional unit, summed as below.
        least = 0.0
        for weight, always in zip(weights, everywhere, strict=True):
            least += weight if always else 0.0
        if least >= needed:
            return _required_hits(per_unit, weights, everywhere, total, candidates, size)
    # The sums below add the same numbers in the same order as a plain weighted sum (q * w
    # and presence * w, unit by unit), skipping only steps that cannot change a float: a
    # weight of 1.0, and presence in a unit every candidate is in. Exact equality matters:
    # ties at the cut are broken by slot.
    scores: Iterator[float] = itertools.repeat(0.0, len(candidates))
    matched: Iterator[float] = itertools.repeat(0.0, len(candidates))
    # With every weight 1.0, the weight a candidate matches is its count (an int, compared
    # exactly with the float sum's bounds).
    by_count = counts is not None and all(w == 1.0 for w in weights)
    for weight, best, always in zip(weights, per_unit, everywhere, strict=True):
        qualities = (
            map(best.__getitem__, candidates)
            if always
            else map(best.get, candidates, itertools.repeat(0.0))
        )
        if weight != 1.0:
            qualities = map(operator.mul, qualities, itertools.repeat(weight))
        scores = map(operator.add, scores, qualities)
        if by_count:
            continue
        present: Iterator[float] = (
            itertools.repeat(weight)
            if always
            else map(operator.mul, map(best.__contains__, candidates), itertools.repeat(weight))
        )
        matched = map(operator.add, matched, present)
    weights_matched: Sequence[float] = (
        list(map(counts.__getitem__, candidates))
        if by_count and counts is not None
        else list(matched)
    )
    enough = map(operator.ge, weights_matched, itertools.repeat(needed))
    # A post that matches every word ranks above one that misses a word, whatever fields
    # and forms matched ("volonterstvo letom": a volunteering post that also says summer in
    # its tags beats one with volunteering in its title alone): a missing word costs
    # MISSING_WORD of the score.
    complete = map(operator.ge, weights_matched, itertools.repeat(total - 1e-9))
    penalties = map(operator.mul, map(operator.not_, complete), itertools.repeat(MISSING_WORD))
    ranked = map(operator.sub, map(operator.truediv, scores, itertools.repeat(total)), penalties)
    kept = itertools.compress(zip(candidates, ranked, strict=True), enough)
    top = heapq.nlargest(size, kept, key=operator.itemgetter(1))
    return [(slot, max(score, 0.0)) for slot, score in top]


def _required_hits(
    per_unit: Sequence[dict[int, float]],
    weights: Sequence[float],
    everywhere: Sequence[bool],
    total: float,
    candidates: list[int],
    size: int,
) -> list[tuple[int, float]]:
    """:func:`some_words`' scoring when the required units alone weigh enough ("youth
    workers Poland": a qualifier is all that may be missing): every candidate is a hit, and
    it is complete when it has every optional unit (their weights are far above the 1e-9
    of the general test), so neither needs the matched weight. The scores are the same
    sums in the same order."""
    scores: Iterator[float] = itertools.repeat(0.0, len(candidates))
    complete: Iterator[bool] | None = None
    for weight, best, always in zip(weights, per_unit, everywhere, strict=True):
        if always:
            qualities: Iterator[float] = map(best.__getitem__, candidates)
        else:
            qualities = map(best.get, candidates, itertools.repeat(0.0))
            present = map(best.__contains__, candidates)
            complete = present if complete is None else map(operator.and_, complete, present)
        if weight != 1.0:
            qualities = map(operator.mul, qualities, itertools.repeat(weight))
        scores = map(operator.add, scores, qualities)
    ranked = map(operator.truediv, scores, itertools.repeat(total))
    if complete is not None:
        penalties = map(operator.mul, map(operator.not_, complete), itertools.repeat(MISSING_WORD))
        ranked = map(operator.sub, ranked, penalties)
    top = heapq.nlargest(size, zip(candidates, ranked, strict=True), key=operator.itemgetter(1))
    return [(slot, max(score, 0.0)) for slot, score in top]
