"""Swedish as volunteers type it: compounds split where the index knows their parts, and
definite and genitive forms that the Snowball stemmer leaves whole.

**Compounds.**

Swedish writes compounds as one word: "klimatresidens", "praktikplatser",
"lösenordshanterare", "volontärjobb". A post says "residens för klimataktivist", so the
compound as a whole is a key nobody indexed. A query word that reaches nothing (no key, no
stem, no shortened form) is split in two where both parts are words the index or the
lexicon knows, the longest known head first (the usual greedy decompounding), allowing the
linking "s" of Swedish compounds ("lösenord-s-hanterare", "ungdom-s-utbyte") and the linking
"o"/"u" that replaces a head's final "a" ("kvinno-våld", "gatu-barn"). The parts are
then searched as two words. Only query words are split, and only Latin-script words: it is a
fallback for unknown words, never a document key, so indexing costs nothing.

No decompounding library is used: the ones on PyPI (e.g. ``compound-splitter``) carry
German or Dutch dictionaries, and the index's own vocabulary is the dictionary that matters
here (a part must be something the content mentions).

**Definite forms.** Snowball's Swedish stemmer strips plural and common-gender definite
endings ("praktikanterna", "friheten") but not the neuter definite "-et" ("programmet",
"lösenordet", "samhället"), the "-an" of "kvinnan", "resan", nor "-ena" ("utbytena"), and
their genitives with "-s". It leaves them on purpose ("internet", "planet", "paket" end so
too), so they are not stripped from document words; a query word that the index does not
know is tried without them (:func:`definite_bases`), and kept only when the base is known.
"""

from __future__ import annotations

from collections.abc import Callable

from cagbot.search.normalize import fold, is_cyrillic, is_stopword

# Ending -> what replaces it, longest first; the doubled consonant before "-et"
# ("programm-et") is undone by folding (normalize.fold collapses doubled letters).
_DEFINITE: tuple[tuple[str, str], ...] = (
    ("enas", "en"),
    ("ena", "en"),
    ("ets", ""),
    ("ans", "a"),
    ("et", ""),
    ("an", "a"),
)
_MIN_BASE = 3
# Shorter parts match too much by chance ("resa" in "resande" is fine, "ung"/"dom" are not).
MIN_PART = 4
# Longer "words" are pasted strings, not compounds: each cut point costs two lookups.
MAX_COMPOUND = 40
_LINKING = "s"
_LINKING_VOWELS = ("o", "u")


def split_compound(word: str, known: Callable[[str], bool]) -> tuple[str, str] | None:
    """``word`` as (head, tail) when both are known words, else None. ``known`` says whether
    a word (as typed) reaches a key of the index or the lexicon; the head may drop a
    linking "s". Words in Cyrillic, numbers and short words are never split."""
    if is_cyrillic(word) or not word.isalpha() or len(word) > MAX_COMPOUND:
        return None
    if len(fold(word)) < 2 * MIN_PART:
        return None
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        if is_stopword(tail) or not known(tail):
            continue
        if known(head) and not is_stopword(head):
            return head, tail
        # The linking vowel of "kvinno-våld", "gatu-barn": the head word ends in "-a".
        if head.endswith(_LINKING_VOWELS) and len(head) > MIN_PART and known(head[:-1] + "a"):
            return head[:-1] + "a", tail
        if head.endswith(_LINKING) and len(head) > MIN_PART and known(head[:-1]):
            return head[:-1], tail
    return None


def definite_bases(word: str) -> tuple[str, ...]:
    """``word`` without a Swedish definite (and genitive) ending Snowball leaves: candidates,
    longest ending first; empty for Cyrillic words and words with none of the endings."""
    if is_cyrillic(word) or not word.isalpha():
        return ()
    found: list[str] = []
    for ending, replacement in _DEFINITE:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_BASE:
            base = word[: -len(ending)] + replacement
            if base not in found:
                found.append(base)
    return tuple(found)
