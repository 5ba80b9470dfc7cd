"""Topic and country tags from the lexicon's surface forms.

A form matches whole words only ("мир" never matches inside "Кашмир"), multi-word forms
match as phrases, and inflections meet through Snowball stems. Snowball stems do not
always meet (klimat -> klim but klimatet -> klimat), so a word matches a form word when
either the word or its stem equals either the form word or its stem. To keep short stems
from over-reaching (rättigheter -> rätt would catch "rätt", correct), a stem-only match
also needs the word to be nearly as long as the form word.
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


@dataclass(frozen=True, slots=True)
class _Phrase:
    entry: Entry
    # Per word: the word and its stem, the word, and the prefix a stem-only match needs.
    words: tuple[tuple[frozenset[str], str, int], ...]


@dataclass(frozen=True, slots=True)
class _Compiled:
    lexicon: Lexicon
    # language -> first-word key -> phrases starting there
    index: dict[str, dict[str, list[_Phrase]]]


_compiled: dict[int, _Compiled] = {}
_compile_lock = threading.Lock()


def _compile(lexicon: Lexicon) -> _Compiled:
    # Lexicon holds dicts and so is unhashable; cache by identity, keeping the object alive.
    cached = _compiled.get(id(lexicon))
    if cached is not None and cached.lexicon is lexicon:
        return cached
    stemmers = _stemmers()
    index: dict[str, dict[str, list[_Phrase]]] = {}
    for language, stemmer in stemmers.items():
        by_key: dict[str, list[_Phrase]] = defaultdict(list)
        for entry in (*lexicon.topics, *lexicon.countries):
            for form in entry.forms.get(language, ()):
                tokens = words(form)
                if not tokens:
                    continue
                stems = stemmer.stemWords(tokens)
                phrase = _Phrase(
                    entry,
                    tuple(
                        (frozenset((token, stem)), token, round(len(token) * _SHARED_PREFIX))
                        for token, stem in zip(tokens, stems, strict=True)
                    ),
                )
                for key in phrase.words[0][0]:
                    by_key[key].append(phrase)
        index[language] = dict(by_key)
    compiled = _Compiled(lexicon, index)
    with _compile_lock:
        if len(_compiled) > 8:
            _compiled.clear()
        _compiled[id(lexicon)] = compiled
    return compiled


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
    stemmers = _stemmers()
    # Forms of every language are tried: an English post names "Osh", a Swedish one
    # quotes an English project name.
    for language, index in compiled.index.items():
        stems = stemmers[language].stemWords(tokens)
        # Set intersection in C first: most posts touch few forms, so most positions are
        # skipped without a Python-level look-up.
        hits = index.keys() & (set(tokens) | set(stems))
        if not hits:
            continue
        for position, (token, stem) in enumerate(zip(tokens, stems, strict=True)):
            for key in (token, stem) if token != stem else (token,):
                if key not in hits:
                    continue
                for phrase in index[key]:
                    mark = (phrase.entry.kind, phrase.entry.slug)
                    if mark not in found and _matches(phrase, tokens, stems, position):
                        found.add(mark)
    topics = tuple(entry.slug for entry in lexicon.topics if ("topic", entry.slug) in found)
    countries = tuple(entry.slug for entry in lexicon.countries if ("country", entry.slug) in found)
    return topics, countries
