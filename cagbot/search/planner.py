"""A query as units to match: each content word with the keys it may stand for.

A word stands for its exact keys, its other forms (stems in every language it could be in,
and for Latin-typed words the stems a transliterated Russian word reaches: "volonterom"
reaches the key of «волонтер»), its typo neighbours in the vocabulary, and the lexicon
entries it is part of, each with a quality. Words that reach nothing are reported, so the
bot can say "nothing about Karakol yet" instead of showing posts that share other words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from cagbot.lexicon import Entry
from cagbot.search.concepts import ConceptIndex, ConceptMatch
from cagbot.search.normalize import fold, is_cyrillic, is_stopword, query_keys, stem
from cagbot.search.plainwords import correction_allowed
from cagbot.search.query import MAX_CONTENT_WORDS, QueryWords, prepare
from cagbot.search.swedish import definite_bases, split_compound
from cagbot.search.turkic import bases
from cagbot.search.vocabulary import typo_budget

# Match qualities: the word itself, another form of it, a transliterated stem, a typo,
# a cross-language lexicon entry (by kind).
EXACT, STEMMED, PREFIX = 1.0, 0.97, 0.9
TYPO_PENALTY = 0.15
ENTRY_QUALITY = {"concept": 0.9, "country": 0.8, "topic": 0.75}
# A Latin-typed Russian word ends where a Russian stem does not: try keys up to this many
# letters shorter, never shorter than _MIN_PREFIX.
_PREFIX_TRIM, _MIN_PREFIX = 4, 5
# Bases shorter than this, left by stripping endings, must be lexicon words.
_MIN_BASE = 4
# Highlight terms a plan offers the snippet, and lexicon forms per language among them.
_MAX_HIGHLIGHTS, _FORMS_PER_LANGUAGE = 32, 3
# A typo of one edit is evidence of the word meant; two edits alone are not (see plan).
NEAR_TYPO = EXACT - TYPO_PENALTY
# Lexicon concepts that qualify a query rather than name its topic: when ("volonterstvo
# letom", "utbyte i sommar") and for whom ("stazhirovki dlya studentov", «жаштар үчүн»).
# They weigh as little as a number, so a post about the topic is a hit without them and one
# that also names them ranks first.
QUALIFIERS = frozenset({"summer", "student", "young"})
QUALIFIER_WEIGHT = 0.3
# Qualifiers are discounted in queries of at most this many other words.
MAX_QUALIFIED = 3
# Lexicon concepts that make a query ask for opportunities.
OPPORTUNITY_CONCEPTS = frozenset({"internship", "residency", "volunteering", "opportunity"})


@dataclass(frozen=True, slots=True)
class Unit:
    """One content word of a query (or a stopword inside a lexicon phrase)."""

    word: str
    weight: float
    # key -> quality, best first
    alternatives: tuple[tuple[str, float], ...]
    # Matched other than by a typo: such a word may carry a "some of your words" answer.
    solid: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    units: tuple[Unit, ...]
    suggestion: str | None
    topics: tuple[str, ...]
    wants_opportunities: bool
    keys: frozenset[str] = field(default_factory=frozenset)
    # Content words that reach nothing at all, as written; and whether one is written
    # like a name (then no "some of your words" answer: the person asked about that name).
    unknown: tuple[str, ...] = ()
    names_unknown: bool = False
    # Words left out of matching because they match nothing ("I searched for: …" names
    # the others).
    ignored: tuple[str, ...] = ()
    # Words to look for in a post's text when highlighting: stems and lexicon forms.
    highlights: tuple[str, ...] = ()


def unit_weight(word: str) -> float:
    if word.isdigit():
        return 0.3
    if len(word) <= 3 and not is_cyrillic(word):
        return 0.6
    return 1.0


class Planner:
    def __init__(
        self,
        concepts: ConceptIndex,
        known: Callable[[str], bool],
        indexed: Callable[[str], bool],
        neighbours: Callable[[str, int], Iterable[tuple[str, int]]],
        surface: Callable[[str, str], str],
        places: frozenset[tuple[str, ...]],
    ) -> None:
        self._concepts = concepts
        self._known = known
        self._indexed = indexed
        self._neighbours = neighbours
        self._surface = surface
        # Key sequences of country forms that name a place in the country ("bishkek"): in a
        # query they mean that place, not every post about the country.
        self._places = places

    def _word_keys(self, word: str) -> dict[str, float]:
        found: dict[str, float] = {}
        for i, key in enumerate(query_keys(word)):
            if self._known(key) and key not in found:
                found[key] = EXACT if i == 0 else STEMMED
        return found

    def _prefix_keys(self, word: str) -> dict[str, float]:
        found: dict[str, float] = {}
        if not is_cyrillic(word) and not word.isdigit():
            # A word that folds to nothing (marks alone, found by the fuzzer) has no keys.
            variants = query_keys(word)
            for key in (variants[0], variants[-1])[: len(variants)] if variants else ():
                for cut in range(1, _PREFIX_TRIM + 1):
                    prefix = key[:-cut]
                    if len(prefix) < _MIN_PREFIX:
                        break
                    if self._known(prefix):
                        found[prefix] = PREFIX
                        break
        return found

    def _base_keys(self, word: str, swedish: bool = False) -> dict[str, float]:
        """Keys of the word without its Kyrgyz/Kazakh endings («Бишкекте» -> бишкек,
        «волонтёрлук» -> волонтёр) or a Swedish definite ending Snowball leaves
        ("programmet", "kvinnan"): the first base the index or lexicon knows."""
        for base in (*bases(word), *(definite_bases(word) if swedish else ())):
            if len(base) < _MIN_BASE and fold(base) not in self._concepts.form_keys:
                # «айылдарда» is not «ай»: a short base counts only as a lexicon word («Ошто»).
                continue
            found = self._word_keys(base) or self._prefix_keys(base)
            if found:
                return {key: min(quality, PREFIX) for key, quality in found.items()}
        return {}

    def _split(self, prepared: QueryWords) -> QueryWords:
        """Unknown Swedish compounds as their known parts ("klimatresidens" -> klimat,
        residens): see :mod:`cagbot.search.swedish`."""
        words: list[str] = []
        written: list[str] = []
        content = prepared.content
        for word, as_written in zip(prepared.words, prepared.written, strict=True):
            parts = None
            # A split adds a word: never past the query's bound on lookups (query.py).
            if (
                content < MAX_CONTENT_WORDS
                and not is_stopword(word)
                and not self._word_keys(word)
                and not self._prefix_keys(word)
            ):
                parts = split_compound(word, lambda part: bool(self._word_keys(part)))
            if parts is None or any(part in words for part in parts):
                words.append(word)
                written.append(as_written)
                continue
            words.extend(parts)
            written.extend((as_written[: len(parts[0])], parts[1]))
            content += 1
        return QueryWords(tuple(words), tuple(written), content)

    def plan(self, query: str, *, language: str | None = None) -> Plan:
        """``query`` as units for someone using the bot in ``language``: Swedish users also
        get Swedish definite forms of unknown words tried (:mod:`cagbot.search.swedish`), and
        corrections are checked against the words of their language
        (:mod:`cagbot.search.plainwords`)."""
        swedish = language == "sv"
        prepared = self._split(prepare(query))
        tokens = list(prepared.words)
        qualities: list[dict[str, float]] = []
        solid: list[bool] = []
        replacements: dict[int, str] = {}
        # Words reached only by a typo of two edits ("betydelse" ~ "betal"): a long plain word
        # the content does not use, more often than a word typed twice wrong.
        far: set[int] = set()
        for position, word in enumerate(tokens):
            found = self._word_keys(word)
            exact = bool(found)
            if not is_stopword(word) and not any(self._indexed(key) for key in found):
                # Unknown, or known only inside a lexicon phrase («аялдарга» of «аялдарга
                # карата зордук-зомбулук»): its other forms and bases may be what posts say.
                for key, quality in (
                    self._prefix_keys(word) or self._base_keys(word, swedish)
                ).items():
                    found.setdefault(key, quality)
            solid.append(bool(found))
            understood = bool(found)
            if not exact and not is_stopword(word) and not word.isdigit():
                typos: dict[str, float] = {}
                budget = typo_budget(len(fold(word)))
                for variant in query_keys(word):
                    for key, distance in self._neighbours(variant, budget):
                        quality = EXACT - TYPO_PENALTY * distance
                        if typos.get(key, 0.0) < quality:
                            typos[key] = quality
                if typos and not understood:
                    # "Did you mean" stays in the word's own script and language: «студентка»
                    # is never corrected to "student", «летом» never to "led", "jobb" never
                    # to "job".
                    best = max(typos, key=lambda k: typos[k])
                    surface = self._surface(best, word)
                    if correction_allowed(word, surface, language):
                        replacements[position] = surface
                for key, quality in typos.items():
                    if found.get(key, 0.0) < quality:
                        found[key] = quality
                if typos and not understood and max(typos.values()) < NEAR_TYPO - 1e-9:
                    far.add(position)
            qualities.append(found)

        matches = [
            match
            for match in self._concepts.in_query(qualities)
            if not (match.entry.kind == "country" and match.keys in self._places)
            # As in documents, a lone stopword is never a form ("kak" is not «чат»).
            and not (match.end - match.start == 1 and is_stopword(tokens[match.start]))
        ]
        covering: dict[int, list[ConceptMatch]] = {}
        for match in matches:
            for position in range(match.start, match.end):
                covering.setdefault(position, []).append(match)

        units = []
        qualifiers: list[Unit] = []
        distant: set[Unit] = set()
        unknown = []
        names_unknown = False
        for position, word in enumerate(tokens):
            if is_stopword(word) and position not in covering:
                continue
            options = dict(qualities[position])
            entry_solid = False
            for match in covering.get(position, ()):
                quality = ENTRY_QUALITY[match.entry.kind] * match.quality
                entry_solid = entry_solid or match.quality >= EXACT
                if options.get(match.key, 0.0) < quality:
                    options[match.key] = quality
            if not word.isdigit() and not any(self._indexed(key) for key in options):
                unknown.append(prepared.written[position])
                # A name ("Karakol", «новости Токмока») asks about that name: then there is
                # no answer from the other words. The first word of a message is capitalised
                # as a sentence, and a place the lexicon knows is no unknown name.
                names_unknown = names_unknown or (
                    position > 0
                    and prepared.capitalised(position)
                    and not any(self._known(key) for key in options)
                )
            ranked = tuple(sorted(options.items(), key=lambda pair: -pair[1]))
            unit = Unit(word, unit_weight(word), ranked, solid[position] or entry_solid)
            if any(match.entry.slug in QUALIFIERS for match in covering.get(position, ())):
                qualifiers.append(unit)
            units.append(unit)
            if position in far and not entry_solid:
                distant.add(unit)

        if qualifiers and len(units) - len(qualifiers) <= MAX_QUALIFIED:
            # A long message already tolerates a missing word (COVERAGE), and discounting
            # there lets many more posts of its common words through (the worst query).
            light = {id(u): replace(u, weight=min(u.weight, QUALIFIER_WEIGHT)) for u in qualifiers}
            distant = {light.get(id(u), u) for u in distant}
            units = [light.get(id(u), u) for u in units]

        # Words that match nothing are left out (issue 20: «жаштар үчүн стажировка» is a
        # search for «стажировка» when the index knows nothing else of it); "nothing about
        # X" is for queries none of whose words match, or that name something unknown.
        # When some words match nothing, a word matched only through a typo is no
        # evidence either ("купить" is not "kul"). A word the lexicon knows but no post
        # mentions («жайкы», summer) is understood and safely left out; words known nowhere
        # must be outnumbered by matching ones, or the message is about something else
        # ("iphone 15 price", "billig pizza hemleverans") and nothing is answered.
        indexed = [any(self._indexed(k) for k, _ in u.alternatives) for u in units]
        # Two-edit typos are left out only when the words really matched outnumber them: in a
        # message of many such words (a garbled paste), they are what it says.
        if distant and len(distant) <= sum(
            u.solid and hit for u, hit in zip(units, indexed, strict=True)
        ):
            indexed = [hit and u not in distant for u, hit in zip(units, indexed, strict=True)]
        ignored: tuple[str, ...] = ()
        if not all(indexed) and any(indexed) and not names_unknown:
            kept = [u for u, hit in zip(units, indexed, strict=True) if hit and u.solid]
            left = [u for u in units if u not in kept]
            strange = sum(
                1
                for u in left
                if not u.word.isdigit()
                and (not u.solid or not any(self._known(k) for k, _ in u.alternatives))
            )
            solid_words = sum(not u.word.isdigit() for u in kept)
            # A tie goes to the words the lexicon knows: «стажировка» says what the bot is
            # for, "iphone" in "iphone 15 price" is a passing mention in some post.
            on_topic = any(key.startswith("@") for u in kept for key, _ in u.alternatives)
            if (
                solid_words > strange
                or (solid_words >= 2 and strange <= 2 * solid_words)
                or (on_topic and solid_words == strange)
            ):
                units, ignored = kept, tuple(u.word for u in left)
            else:
                units = []

        suggestion = None
        total = sum(unit.weight for unit in units)
        reachable = sum(unit.weight for unit in units if unit.alternatives)
        # Offer a correction only when the corrected query could match most of it.
        if replacements and total and reachable >= 0.75 * total - 1e-9:
            suggestion = " ".join(replacements.get(i, word) for i, word in enumerate(tokens))
        touched = [match.entry for match in matches]
        return Plan(
            units=tuple(units),
            suggestion=suggestion,
            topics=tuple(dict.fromkeys(e.slug for e in touched if e.kind == "topic")),
            wants_opportunities=any(
                e.kind == "concept" and e.slug in OPPORTUNITY_CONCEPTS for e in touched
            ),
            keys=frozenset(key for unit in units for key, _ in unit.alternatives),
            unknown=tuple(unknown),
            names_unknown=names_unknown,
            ignored=ignored,
            highlights=_highlights(units, touched),
        )


def _highlights(units: Iterable[Unit], entries: Iterable[Entry]) -> tuple[str, ...]:
    """Query words and their stems in their own script, then lexicon forms of the entries
    touched, a few per language: the snippet shows the first of these the post's text
    contains ("пароль" for "паролей", "password" for a Russian query on an English post).
    Capped, since the snippet tries each term against the post's text."""
    found: dict[str, None] = {}
    for unit in units:
        found.setdefault(unit.word)
        language = "ru" if is_cyrillic(unit.word) else "en"
        root = stem(unit.word, language)
        if len(root) >= 4:
            found.setdefault(root)
    seen: set[str] = set()
    for entry in entries:
        if entry.slug in seen:
            continue
        seen.add(entry.slug)
        for forms in entry.forms.values():
            for form in forms[:_FORMS_PER_LANGUAGE]:
                found.setdefault(form)
    return tuple(found)[:_MAX_HIGHLIGHTS]
