"""Swedish compound words split where the index knows their parts.

Swedish writes compounds as one word: "klimatresidens", "praktikplatser",
"lösenordshanterare", "volontärjobb". A post says "residens för klimataktivist", so the
compound as a whole is a key nobody indexed. A query word that reaches nothing (no key, no
stem, no shortened form) is split in two where both parts are words the index or the
lexicon knows, the longest known head first (the usual greedy decompounding), allowing the
linking "s" of Swedish compounds ("lösenord-s-hanterare", "ungdom-s-utbyte"). The parts are
then searched as two words. Only query words are split, and only Latin-script words: it is a
fallback for unknown words, never a document key, so indexing costs nothing.

No decompounding library is used: the ones on PyPI (e.g. ``compound-splitter``) carry
German or Dutch dictionaries, and the index's own vocabulary is the dictionary that matters
here (a part must be something the content mentions).
"""

from __future__ import annotations

from collections.abc import Callable

from cagbot.search.normalize import fold, is_cyrillic, is_stopword

# Shorter parts match too much by chance ("resa" in "resande" is fine, "ung"/"dom" are not).
MIN_PART = 4
_LINKING = "s"


def split_compound(word: str, known: Callable[[str], bool]) -> tuple[str, str] | None:
    """``word`` as (head, tail) when both are known words, else None. ``known`` says whether
    a word (as typed) reaches a key of the index or the lexicon; the head may drop a
    linking "s". Words in Cyrillic, numbers and short words are never split."""
    if is_cyrillic(word) or not word.isalpha() or len(fold(word)) < 2 * MIN_PART:
        return None
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        if is_stopword(tail) or not known(tail):
            continue
        if known(head) and not is_stopword(head):
            return head, tail
        if head.endswith(_LINKING) and len(head) > MIN_PART and known(head[:-1]):
            return head[:-1], tail
    return None
