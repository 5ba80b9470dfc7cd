"""Text to search keys: one key space shared by Swedish, English and Russian in any script.

A key is a token casefolded, stemmed in its language, transliterated to ASCII (anyascii) and
folded so that common romanisations of the same Russian word meet: "Новый ритм", "Novi Ritm"
and "Noviy ritm" give the same keys, as do "стажировка", "stazhirovka" and "stajirovka".
Swedish å/ä/ö fold to a/o: people without a Swedish keyboard type "Malmo".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from anyascii import anyascii

from cagbot.search.stopwords import STOPWORDS

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_DOUBLED = re.compile(r"(.)\1+")
_NON_ALNUM = re.compile(r"[^a-z0-9]")
# A Latin "h" left after folding ("hranit", "hochu") is often Russian «х», which folds to "k".
_LONE_H = re.compile(r"(?<!s)h")
_FINAL_J = re.compile(r"(?<=[aeiou])j$")

# Order matters: longer romanisations first, and "ts"/"ch" become "c" before every "c"
# becomes "k", so English "social" and Russian "социальный" (sotsial'nyy) meet.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("shch", "sh"),
    ("sch", "sh"),  # «щ» as German-style "sch" ("schastye", "obschestvo")
    ("dzh", "j"),
    ("dzj", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("zj", "j"),  # «ж» in Swedish transliteration ("Nizjnij", "stazjirovka")
    ("sj", "sh"),
    ("kh", "k"),
    ("ck", "k"),
    ("ts", "c"),
    ("ch", "c"),
    ("c", "k"),
    ("q", "k"),
    # «я» and «ю» typed with "j" ("dlja", "moja", "jubka") meet anyascii's "ya"/"yu"; this
    # comes after "zh"/"dzh" became "j", so «жа» and «я» share a key (tolerable).
    ("ja", "a"),
    ("ju", "u"),
    ("yy", "i"),
    ("iy", "i"),
    ("yi", "i"),
    ("yo", "o"),
    ("io", "o"),
    ("yu", "u"),
    ("iu", "u"),
    ("ya", "a"),
    ("ia", "a"),
    ("ye", "e"),
    ("y", "i"),
)

_TURKIC_LATIN = str.maketrans({"ş": "sh", "ç": "ch", "ș": "sh"})

_STEMMERS = {
    "sv": Stemmer.Stemmer("swedish"),
    "en": Stemmer.Stemmer("english"),
    "ru": Stemmer.Stemmer("russian"),
}
LATIN_LANGUAGES = ("en", "sv")


def clean(text: str) -> str:
    """NFKC, casefold and ё→е: the form every comparison starts from."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def words(text: str) -> list[str]:
    """Cleaned word tokens; hyphens and punctuation split ("El-Too" -> el, too)."""
    return _WORD.findall(clean(text))


def is_cyrillic(word: str) -> bool:
    return _CYRILLIC.search(word) is not None


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Transliterate a cleaned word to ASCII and fold romanisation variants to one key."""
    # Turkic Latin letters (Kazakh, Uzbek, Turkish keyboards) for «ш» and «ч»: anyascii
    # would give "s" and "c", which are other Russian letters' keys.
    ascii_word = _NON_ALNUM.sub("", anyascii(word.translate(_TURKIC_LATIN)).lower())
    for old, new in _FOLDS:
        if old in ascii_word:
            ascii_word = ascii_word.replace(old, new)
    # A final «й» typed "j" ("novyj", "maj", "Tolstoj"), as anyascii's "y" became "i".
    return _DOUBLED.sub(r"\1", _FINAL_J.sub("i", ascii_word))


def stem(word: str, language: str) -> str:
    if is_cyrillic(word):
        return str(_STEMMERS["ru"].stemWord(word))
    stemmer = _STEMMERS.get(language if language in LATIN_LANGUAGES else "en")
    return str(stemmer.stemWord(word)) if stemmer else word


@lru_cache(maxsize=262144)
def doc_key(word: str, language: str) -> str:
    """The one key a document word is indexed under (stemmed in the document's language)."""
    if word.isdigit():
        return word
    return fold(stem(word, language))


@lru_cache(maxsize=8192)
def query_keys(word: str) -> tuple[str, ...]:
    """Keys a query word may stand for: its language is unknown, so try every stemmer."""
    if word.isdigit():
        return (word,)
    variants = [fold(word)]
    languages = ("ru",) if is_cyrillic(word) else LATIN_LANGUAGES
    for language in languages:
        key = fold(stem(word, language))
        if key not in variants:
            variants.append(key)
    if languages is LATIN_LANGUAGES and "h" in variants[0]:
        # «х» typed as "h" (Russian in Latin letters): "hranit" also stands for «хранить».
        kh = _LONE_H.sub("k", variants[0])
        if kh not in variants:
            variants.append(kh)
    return tuple(v for v in variants if v)


def is_stopword(word: str) -> bool:
    return word in STOPWORDS
