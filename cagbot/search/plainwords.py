"""Whether a word is a plain word of Swedish, English or Russian, for "Did you mean".

A correction is offered for a word the index does not know. When that word is an ordinary
word of the language the person uses ("jobb", "studenter", «летом»), it is no typo: the
content just does not mention it, and correcting it to a neighbour ("job", "student", "led")
would turn the query into another language or another question (issue 20). So a correction
is refused when the typed word is a plain word of its language, and when the corrected word
is a plain word of the other Latin-script language but not of the person's own.

Word lists come from packages, read once on first use (the correction path only):

- Swedish: the ``hunspell-sv`` dictionary (LGPL-3.0; built from SFOL, SALDO, Folkets lexikon
  and SAOL), its ``sv_SE.dic`` stems without affix flags.
- English and Russian: the frequency lists ``pyspellchecker`` ships (MIT; word lists from
  OpenSubtitles via Hermit Dave's FrequencyWords).

English words are looked up as written (the list holds inflected forms); Swedish words
through their lemma (the dictionary holds lemmas: "kvinnor" is plain through "kvinna",
"flickan" through "flicka"); Russian ones through their Snowball stem (the list is short).
Swedish is also compared without å/ä/ö: "volontar" is "volontär". Typos stay unknown:
"volunter" is no English word, "praktk" no Swedish one. A missing list makes every word
"not plain" in that language, which is how corrections behaved before.
"""

from __future__ import annotations

import gzip
import json
import sysconfig
from functools import lru_cache
from importlib import resources
from pathlib import Path

from cagbot.search.normalize import is_cyrillic, stem

_SWEDISH_DIC = Path(sysconfig.get_path("data")) / "share" / "hunspell" / "sv_SE.dic"
# Shorter words are never corrected (vocabulary.typo_budget): no need to know them.
_MIN_LENGTH = 4
_MARKS = str.maketrans("åäö", "aao")
# Swedish inflection endings (plural, definite, genitive), longest first, and the lemma
# endings a stripped stem may take back ("kvinn-or" -> "kvinn-a").
_SV_ENDINGS = [
    "ornas",
    "arnas",
    "ernas",
    "orna",
    "arna",
    "erna",
    "ens",
    "ets",
    "ans",
    "ors",
    "ars",
    "ers",
    "or",
    "ar",
    "er",
    "na",
    "en",
    "et",
    "an",
    "ns",
    "n",
    "t",
    "s",
    "a",
    "e",
]
_SV_LEMMA_ENDINGS = ("", "a", "e")


def _swedish_words() -> list[str]:
    """The dictionary's words, casefolded and without å/ä/ö (one pass over the file)."""
    try:
        text = _SWEDISH_DIC.read_text(encoding="utf-8")
    except OSError:
        return []
    lines = text.casefold().translate(_MARKS).splitlines()[1:]
    return [line.split("/", 1)[0] for line in lines]


def _frequency_words(language: str) -> list[str]:
    try:
        data = (resources.files("spellchecker") / "resources" / f"{language}.json.gz").read_bytes()
    except (ModuleNotFoundError, OSError):
        return []
    return list(json.loads(gzip.decompress(data)))


@lru_cache(maxsize=3)
def _known(language: str) -> frozenset[str]:
    if language == "sv":
        return frozenset(_swedish_words())
    words = _frequency_words(language)
    if language == "ru":
        return frozenset(stem(w.replace("ё", "е"), "ru") for w in words)
    return frozenset(words)


def warm() -> None:
    """Read the three word lists now (1-2 s, about 60 MB), so that the first "Did you mean"
    does not wait for them: the running bot calls this in a thread after start-up."""
    for language in ("sv", "en", "ru"):
        _known(language)


def _swedish_lemmas(word: str) -> list[str]:
    found = [word]
    for ending in _SV_ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= 3:
            found.extend(base + tail for tail in _SV_LEMMA_ENDINGS)
    return found


def is_plain(word: str, language: str) -> bool:
    """``word`` (cleaned) is an ordinary word of ``language`` ("sv", "en" or "ru")."""
    if language not in ("sv", "en", "ru") or len(word) < _MIN_LENGTH:
        return False
    if is_cyrillic(word) != (language == "ru"):
        return False
    known = _known(language)
    if language == "sv":
        return any(lemma in known for lemma in _swedish_lemmas(word.translate(_MARKS)))
    if language == "ru":
        return stem(word, "ru") in known
    return word in known


def correction_allowed(word: str, corrected: str, language: str | None) -> bool:
    """Whether to propose ``corrected`` for ``word`` to someone using the bot in
    ``language``: never across scripts, never for a plain word of the word's language, and
    never into a plain word of the other Latin-script language that is not one of theirs."""
    if is_cyrillic(corrected) != is_cyrillic(word):
        return False
    own = "ru" if is_cyrillic(word) else language if language in ("sv", "en") else None
    if own is None:
        return True
    if is_plain(word, own):
        return False
    other = {"sv": "en", "en": "sv"}.get(own)
    return not (other and is_plain(corrected, other) and not is_plain(corrected, own))
