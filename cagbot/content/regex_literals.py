"""The literal text every match of a regular expression begins with, found by reading its
source: a substring test in C can then rule a pattern out before the regex engine is set up
for it (cagbot.content.call_words). Conservative: "" or () whenever unsure."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from operator import itemgetter

# Characters that end a pattern's literal start: regex syntax, or a quantifier that may
# make the character before it optional (handled by dropping that character).
_SYNTAX = set("\\.^$*+?{}[]()|")


def literal_start(pattern: str) -> str:
    """The literal text every match of ``pattern`` begins with ("" when none is certain):
    characters up to the first regex syntax, less the last one if a quantifier follows."""
    if _top_level_alternation(pattern):
        return ""
    literal: list[str] = []
    for index, char in enumerate(pattern):
        if char in _SYNTAX:
            if char in "*?{" and literal:
                literal.pop()  # "s?" / "s*" / "s{0,1}": that character may be absent
            break
        if char.isspace() and pattern.startswith(("?", "*", "+", "{"), index + 1):
            break
        literal.append(char)
    return "".join(literal)


def literal_starts(pattern: str) -> tuple[str, ...]:
    """Literals one of which every match of ``pattern`` begins with (none when unsure): the
    literal start, or that of each alternative of a leading "(?:a|b|c)" group."""
    if not pattern.startswith("(?:") or _top_level_alternation(pattern):
        literal = literal_start(pattern)
        return (literal,) if literal else ()
    end = _group_end(pattern)
    if end is None or pattern[end + 1 : end + 2] in ("?", "*", "{"):
        return ()
    alternatives = _split_alternatives(pattern[3:end])
    literals = tuple(literal_start(alternative) for alternative in alternatives)
    return literals if all(literals) else ()


def group_literals(pattern: str) -> tuple[str, ...]:
    """The literals of a leading "(?:a|b|c)" group, for a substring test before the pattern
    runs: re scans for a single literal start quickly itself, but tries a group at every
    position (a few microseconds a pattern and a post; issue 28). () for any other pattern."""
    literals = literal_starts(pattern)
    return literals if len(literals) > 1 else ()


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) of each "(", ")" and "|" of ``pattern``
    that is not escaped nor inside a character class."""
    depth, escaped, in_class = 0, False, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()|":
            depth += (char == "(") - (char == ")")
            yield index, char, depth


def _group_end(pattern: str) -> int | None:
    """The index of the ")" closing the group ``pattern`` starts with."""
    for index, char, depth in _structure(pattern):
        if char == ")" and depth == 0:
            return index
    return None


def _split_alternatives(body: str) -> list[str]:
    """``body`` split at its "|" outside groups and classes."""
    parts, start = [], 0
    for index, char, depth in _structure(body):
        if char == "|" and depth == 0:
            parts.append(body[start:index])
            start = index + 1
    parts.append(body[start:])
    return parts


def _top_level_alternation(pattern: str) -> bool:
    """Whether ``pattern`` has a "|" outside every group (then no one literal starts it)."""
    return any(char == "|" and depth == 0 for _, char, depth in _structure(pattern))


#: Characters of a word's start that index a bounded literal (see :class:`Screen`).
_KEY = 3
_WORD = re.compile(r"\w+")
_WORD_START = re.compile(r"\w*")
_HEAD = itemgetter(slice(_KEY))  # a word's first three characters, mapped in C


@lru_cache(maxsize=16)
def word_starts(folded: str) -> frozenset[str]:
    """The first three characters of every word of ``folded`` (each text is screened by
    several families: the last few texts' sets are kept)."""
    return frozenset(map(_HEAD, _WORD.findall(folded)))


class Screen:
    """Which of a family of patterns can match a text, from their literal starts: one set
    intersection for the patterns that start at a word boundary, a substring test for the
    others. Only ever rules out a pattern that cannot match.

    A bounded pattern's match starts where a word does (nothing word-like before it), so a
    literal whose leading word characters W number at least three needs a word of the text
    starting with W's first three. Why: an import tried each of some 150 alternatives of
    the call words with a substring test per post (about 0.2 ms); an intersection in C
    rules nearly all of them out at once.
    """

    def __init__(self, plans: Sequence[tuple[tuple[str, ...], bool]]) -> None:
        """``plans``: per pattern, its literal starts (none when unsure) and whether it is
        bounded (a match starts at a word boundary)."""
        keyed: dict[str, list[int]] = {}
        self._tested: list[tuple[int, tuple[str, ...]]] = []  # substring tests (or none)
        for index, (literals, bounded) in enumerate(plans):
            heads = [_WORD_START.match(literal)[0] for literal in literals]  # type: ignore[index]
            if bounded and heads and all(len(head) >= _KEY for head in heads):
                for head in heads:
                    keyed.setdefault(head[:_KEY], []).append(index)
            else:
                self._tested.append((index, literals))
        self._keyed = {key: tuple(indices) for key, indices in keyed.items()}
        self._keys = frozenset(self._keyed)

    def candidates(self, folded: str) -> list[int]:
        """Indices of the patterns that may match ``folded`` (casefolded), in order."""
        found = [
            index
            for index, literals in self._tested
            if not literals or any(literal in folded for literal in literals)
        ]
        for key in self._keys & word_starts(folded):
            found.extend(self._keyed[key])
        return sorted(set(found))
