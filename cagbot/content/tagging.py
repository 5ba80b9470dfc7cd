"""Topic and country tags from the lexicon's surface forms.

A form matches whole words only ("мир" never matches inside "Кашмир"), multi-word forms
match as phrases, and inflections meet through Snowball stems. Snowball stems do not
always meet (klimat -> klim but klimatet -> klimat), so a word matches a form word when
either the word or its stem equals either the form word or its stem. To keep short stems
from over-reaching (rättigheter -> rätt would catch "rätt", correct), a stem-only match
also needs the word to be nearly as long as the form word.

Ambiguous forms carry a sense rule in the lexicon: «мир» tags *peace* only near «война»,
«конфликт», «безопасность»...; "rights" tags *human rights* only near "human", "violations",
"defenders"...; and blocked phrases never tag ("bragging rights", «обмен сообщениями»,
«правила», "peaceful assembly" for *peace*). Rules belong to one entry: a phrase blocked
for *rights* still tags *gender*.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import Stemmer

from cagbot.content.text import words
from cagbot.lexicon import Entry, Lexicon

_STEMMERS = {"sv": "swedish", "en": "english", "ru": "russian"}
_SHARED_PREFIX = 0.75  # of the form word, for a match through stems only
_local = threading.local()  # Stemmer objects are not thread-safe; imports parse in threads


def _stemmers() -> dict[str, Stemmer.Stemmer]:
    stemmers: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = {code: Stemmer.Stemmer(name) for code, name in _STEMMERS.items()}
        _local.stemmers = stemmers
    return stemmers


#: Words whose stems are kept per language (posts share most words; a bound on memory).
_STEM_CACHE_WORDS = 200_000


def _stems(language: str, tokens: Sequence[str]) -> list[str]:
    """Each token's stem in ``language``: each distinct word is stemmed once per thread
    (a dictionary look-up costs half of PyStemmer's own call with its cache)."""
    caches: dict[str, dict[str, str]] | None = getattr(_local, "stem_caches", None)
    if caches is None:
        caches = _local.stem_caches = {code: {} for code in _STEMMERS}
    cache = caches[language]
    missing = list(set(tokens).difference(cache))
    if missing:
        if len(cache) > _STEM_CACHE_WORDS:
            cache.clear()
        cache.update(zip(missing, _stemmers()[language].stemWords(missing), strict=True))
    return list(map(cache.__getitem__, tokens))


_WINDOW = 8  # words either side of a match in which a sense rule looks for context


@dataclass(frozen=True, slots=True)
class _Phrase:
    entry: Entry
    # Per word: the word and its stem, the word, and the prefix a stem-only match needs.
    words: tuple[tuple[frozenset[str], str, int], ...]
    # Context prefixes one of which must be near (empty: the form needs no context).
    near: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Compiled:
    lexicon: Lexicon
    # language -> first-word key -> phrases starting there
    index: dict[str, dict[str, list[_Phrase]]]
    # the same for blocked phrases (their entry is the one they are blocked for)
    blocked: dict[str, dict[str, list[_Phrase]]]
    # (kind, slug) -> its place in the lexicon: tags come out in lexicon order
    rank: dict[tuple[str, str], int]


_compiled: dict[int, _Compiled] = {}
_compile_lock = threading.Lock()


def _compile(lexicon: Lexicon) -> _Compiled:
    # Lexicon holds dicts and so is unhashable; cache by identity, keeping the object alive.
    cached = _compiled.get(id(lexicon))
    if cached is not None and cached.lexicon is lexicon:
        return cached
    stemmers = _stemmers()
    index: dict[str, dict[str, list[_Phrase]]] = {}
    blocked: dict[str, dict[str, list[_Phrase]]] = {}
    for language, stemmer in stemmers.items():
        by_key: dict[str, list[_Phrase]] = defaultdict(list)
        blocked_by_key: dict[str, list[_Phrase]] = defaultdict(list)
        for entry in (*lexicon.topics, *lexicon.countries):
            senses = {" ".join(words(form)): near for form, near in entry.senses.items()}
            for form in entry.forms.get(language, ()):
                phrase = _phrase(entry, form, stemmer, senses.get(" ".join(words(form)), ()))
                if phrase is not None:
                    for key in phrase.words[0][0]:
                        by_key[key].append(phrase)
            for form in entry.blocked:
                phrase = _phrase(entry, form, stemmer, ())
                if phrase is not None:
                    for key in phrase.words[0][0]:
                        blocked_by_key[key].append(phrase)
        index[language] = dict(by_key)
        blocked[language] = dict(blocked_by_key)
    entries = (*lexicon.topics, *lexicon.countries)
    rank: dict[tuple[str, str], int] = {
        (entry.kind, entry.slug): place for place, entry in enumerate(entries)
    }
    compiled = _Compiled(lexicon, index, blocked, rank)
    with _compile_lock:
        if len(_compiled) > 8:
            _compiled.clear()
        _compiled[id(lexicon)] = compiled
    return compiled


def _phrase(
    entry: Entry, form: str, stemmer: Stemmer.Stemmer, near: tuple[str, ...]
) -> _Phrase | None:
    tokens = words(form)
    if not tokens:
        return None
    stems = stemmer.stemWords(tokens)
    return _Phrase(
        entry,
        tuple(
            (frozenset((token, stem)), token, round(len(token) * _SHARED_PREFIX))
            for token, stem in zip(tokens, stems, strict=True)
        ),
        near,
    )


def _starts(phrase: _Phrase, tokens: Sequence[str], start: int) -> bool:
    """A blocked phrase matches by word prefix, never through stems: «правил» blocks
    «правила» and «правилам», not «прав» (whose stem it shares)."""
    if start + len(phrase.words) > len(tokens):
        return False
    return all(
        tokens[start + offset].startswith(form) for offset, (_, form, _) in enumerate(phrase.words)
    )


def _has_context(phrase: _Phrase, tokens: Sequence[str], start: int) -> bool:
    end = start + len(phrase.words)
    around = (*tokens[max(0, start - _WINDOW) : start], *tokens[end : end + _WINDOW])
    return any(token.startswith(phrase.near) for token in around)


def _matches(phrase: _Phrase, tokens: Sequence[str], stems: Sequence[str], start: int) -> bool:
    if start + len(phrase.words) > len(tokens):
        return False
    for offset, (keys, form, needed) in enumerate(phrase.words):
        token, stem = tokens[start + offset], stems[start + offset]
        if token == form:
            continue
        if stem not in keys or token[:needed] != form[:needed]:
            return False
    return True


def tag(text: str, lexicon: Lexicon) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(topics, countries) the text mentions, as lexicon slugs in lexicon order."""
    compiled = _compile(lexicon)
    tokens = words(text)
    found: set[tuple[str, str]] = set()
    token_set = set(tokens)
    # Forms of every language are tried: an English post names "Osh", a Swedish one
    # quotes an English project name.
    for language, index in compiled.index.items():
        stems = _stems(language, tokens)
        keys = token_set | set(stems)
        # Set intersection in C first: most posts touch few forms, so most positions are
        # skipped without a Python-level look-up.
        hits = index.keys() & keys
        if not hits:
            continue
        blocked = _blocked_spans(compiled.blocked[language], tokens, stems, keys)
        # Only the positions a hit starts at (a comprehension, not a loop of look-ups);
        # the order phrases are tried in does not change what is found.
        at = [
            i for i, (t, s) in enumerate(zip(tokens, stems, strict=True)) if t in hits or s in hits
        ]
        for position in at:
            token, stem = tokens[position], stems[position]
            for key in (token, stem) if token != stem else (token,):
                if key not in hits:
                    continue
                for phrase in index[key]:
                    mark = (phrase.entry.kind, phrase.entry.slug)
                    if mark in found or not _matches(phrase, tokens, stems, position):
                        continue
                    span = range(position, position + len(phrase.words))
                    if any(i in blocked.get(mark, ()) for i in span):
                        continue
                    if phrase.near and not _has_context(phrase, tokens, position):
                        continue
                    found.add(mark)
    ordered = sorted(found, key=compiled.rank.__getitem__)
    topics = tuple(slug for kind, slug in ordered if kind == "topic")
    countries = tuple(slug for kind, slug in ordered if kind == "country")
    return topics, countries


def _blocked_spans(
    index: dict[str, list[_Phrase]], tokens: Sequence[str], stems: Sequence[str], keys: set[str]
) -> dict[tuple[str, str], set[int]]:
    """Per entry, the word positions covered by a phrase blocked for it."""
    spans: dict[tuple[str, str], set[int]] = defaultdict(set)
    hits = index.keys() & keys
    if not hits:
        return spans
    # Only positions whose word or stem starts a blocked phrase can start one.
    for position, (token, stem) in enumerate(zip(tokens, stems, strict=True)):
        if token not in hits and stem not in hits:
            continue
        for key in {token, stem}:
            for phrase in index.get(key, ()):
                if _starts(phrase, tokens, position):
                    mark = (phrase.entry.kind, phrase.entry.slug)
                    spans[mark].update(range(position, position + len(phrase.words)))
    return spans
