"""The literal text every match of a regular expression begins with, found by reading its
source: a substring test in C can then rule a pattern out before the regex engine is set up
for it (cagbot.content.call_words). Conservative: "" or () whenever unsure."""

from __future__ import annotations

from collections.abc import Iterator

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
