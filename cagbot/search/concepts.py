"""Lexicon entries recognised in token sequences: the bridge between languages.

Every surface form of a topic, country or concept becomes a sequence of search keys. A
document is indexed under the entries whose forms occur in it; a query word covered by a form
also matches every document indexed under that entry, whatever language it is written in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cagbot.lexicon import SEARCH_ONLY_LANGUAGES, Entry, Lexicon
from cagbot.search.normalize import doc_key, fold, is_cyrillic, is_stopword, words


@dataclass(frozen=True, slots=True)
class ConceptMatch:
    entry: Entry
    start: int
    end: int  # exclusive
    keys: tuple[str, ...]
    quality: float = 1.0  # how well the query spelled the form (1.0 unless typos)

    @property
    def key(self) -> str:
        return concept_key(self.entry)


def concept_key(entry: Entry) -> str:
    # Word keys are [a-z0-9]; the prefix keeps entry keys out of their way.
    return f"@{entry.kind[0]}:{entry.slug}"


class ConceptIndex:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # first key -> [(key sequence, entry)], longest sequences first
        self._phrases: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        # key -> a surface form per script ("latin"/"cyrillic"), for "did you mean"
        self.surfaces: dict[str, dict[str, str]] = {}
        for entry in lexicon.entries:
            for language, forms in entry.forms.items():
                for form in forms:
                    self._add_form(entry, language, form)
        for candidates in self._phrases.values():
            candidates.sort(key=lambda pair: -len(pair[0]))
        # Indexing fast path: entry keys precomputed, first keys as a set.
        self._first_keys = frozenset(self._phrases)
        self._entry_keys = {
            first: [(sequence, concept_key(entry)) for sequence, entry in candidates]
            for first, candidates in self._phrases.items()
        }
        #: Every key some lexicon form is made of.
        self.form_keys = frozenset(self.keys())

    def _add_form(self, entry: Entry, language: str, form: str) -> None:
        tokens = words(form)
        if not tokens:
            return
        # The form's own stemmer and the bare fold: stemming a word with another language's
        # stemmer gives spurious keys (Swedish stems "intern" to "int", like "inte").
        sequences = {tuple(fold(word) for word in tokens)}
        if language not in SEARCH_ONLY_LANGUAGES:
            # Kyrgyz, Kazakh and Uzbek have no stemmer here: the Russian one would cut
            # «билим» to «бил» (Swedish "bil", a car).
            sequences.add(tuple(doc_key(word, language) for word in tokens))
        for sequence in sequences:
            if all(sequence):
                bucket = self._phrases.setdefault(sequence[0], [])
                if (sequence, entry) not in bucket:
                    bucket.append((sequence, entry))
        if len(tokens) == 1:
            script = "cyrillic" if is_cyrillic(tokens[0]) else "latin"
            for sequence in sequences:
                self.surfaces.setdefault(sequence[0], {}).setdefault(script, tokens[0])

    def keys(self) -> Iterable[str]:
        for candidates in self._phrases.values():
            for sequence, _ in candidates:
                yield from sequence

    def keys_in_document(self, tokens: Sequence[str], *sequences: Sequence[str]) -> set[str]:
        """Entry keys of :meth:`in_document`, fast enough to run on every indexed post."""
        found: set[str] = set()
        for keys in sequences:
            starts = self._first_keys.intersection(keys)
            if not starts:
                continue
            for start, key in enumerate(keys):
                if key not in starts:
                    continue
                for sequence, entry_key in self._entry_keys[key]:
                    if len(sequence) == 1:
                        if not is_stopword(tokens[start]):
                            found.add(entry_key)
                    elif tuple(keys[start : start + len(sequence)]) == sequence:
                        found.add(entry_key)
        return found

    def in_document(self, tokens: Sequence[str], *sequences: Sequence[str]) -> list[ConceptMatch]:
        """Entries whose forms occur in a document, given its words and key sequences
        (stemmed and bare). A lone stopword is never a form ("inte" is not "intern")."""
        matches: list[ConceptMatch] = []
        seen: set[tuple[str, int]] = set()
        for keys in sequences:
            for start, key in enumerate(keys):
                for sequence, entry in self._phrases.get(key, ()):
                    end = start + len(sequence)
                    if len(sequence) == 1 and is_stopword(tokens[start]):
                        continue
                    if (
                        tuple(keys[start:end]) == sequence
                        and (concept_key(entry), start) not in seen
                    ):
                        seen.add((concept_key(entry), start))
                        matches.append(ConceptMatch(entry, start, end, sequence))
        return matches

    def in_query(self, alternatives: Sequence[Mapping[str, float]]) -> list[ConceptMatch]:
        """Entries whose forms occur in a query; each position maps candidate keys to their
        match quality. Each entry keeps its best-matching form at a span."""
        best: dict[tuple[str, int, int], ConceptMatch] = {}
        for start, keys in enumerate(alternatives):
            for key in keys:
                for sequence, entry in self._phrases.get(key, ()):
                    end = start + len(sequence)
                    if end > len(alternatives):
                        continue
                    qualities = [alternatives[start + i].get(k) for i, k in enumerate(sequence)]
                    if any(q is None for q in qualities):
                        continue
                    quality = min(q for q in qualities if q is not None)
                    marker = (concept_key(entry), start, end)
                    if marker not in best or best[marker].quality < quality:
                        best[marker] = ConceptMatch(entry, start, end, sequence, quality)
        return sorted(best.values(), key=lambda m: (m.start, -m.end, m.key))
