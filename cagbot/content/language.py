"""Which language a post is in: the marker in its title if it has one, else its words.

Posts are hundreds of characters long, so script plus stopwords decides reliably
(shared/notes/search-measurements.md); a statistical detector would add ~100 MB for nothing.
"""

from __future__ import annotations

import re

from cagbot.models import Language

# Names a bracketed title marker may use for the language the post is written in.
_MARKER_NAMES: dict[str, Language] = {
    "english": "en",
    "in english": "en",
    "eng": "en",
    "en": "en",
    "engelska": "en",
    "på engelska": "en",
    "английский": "en",
    "на английском": "en",
    "svenska": "sv",
    "på svenska": "sv",
    "swedish": "sv",
    "in swedish": "sv",
    "sv": "sv",
    "шведский": "sv",
    "на шведском": "sv",
    "русский": "ru",
    "на русском": "ru",
    "по-русски": "ru",
    "рус": "ru",
    "russian": "ru",
    "in russian": "ru",
    "ryska": "ru",
    "på ryska": "ru",
    "ru": "ru",
}
_NAME = "|".join(sorted(map(re.escape, _MARKER_NAMES), key=len, reverse=True))
_LEADING = re.compile(rf"^\s*[\[(]\s*({_NAME})\s*[\])]\s*[-–—:|]?\s*", re.IGNORECASE)
_TRAILING = re.compile(rf"\s*[-–—|]?\s*[\[(]\s*({_NAME})\s*[\])]\s*$", re.IGNORECASE)


def strip_language_marker(title: str) -> tuple[str, Language | None]:
    """Remove "[English]", "(Svenska)", a trailing "(English)" and the like.

    Brackets that do not name a language ("[explainer clip]") are part of the title.
    Returns the title and the language the (first) marker named.
    """
    language: Language | None = None
    for pattern in (_LEADING, _TRAILING):
        while True:
            match = pattern.search(title)
            if match is None or match.end() - match.start() == len(title):
                break  # a title that is nothing but a marker keeps it
            language = language or _MARKER_NAMES[match.group(1).casefold()]
            title = title[: match.start()] + title[match.end() :]
    return title.strip(), language


# Frequent function words that the other language does not share ("i", "man", "under"
# are in both, so they are left out).
_SV_WORDS = """
och en att det som är av för med till den har de inte om ett men var jag vi så från kan
vid hos eller också när sig sina sin där efter nu oss hon han mycket dessutom här vår våra
våren vårt detta denna dessa skulle blev bli kommer många några mer även hade varit sedan
än hur vad varför alla inom både mellan utan genom hennes deras
"""
_EN_WORDS = """
the and of to is that for with on as are was by this it from at be have has we our an
which not or were their they about been more will how what why who when there these those
into than them its can would should also after such only other some you your my me he she
his her
"""
_SV_STOPWORDS = frozenset(_SV_WORDS.split())
_EN_STOPWORDS = frozenset(_EN_WORDS.split())
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁңҢөӨүҮ]")
_LATIN = re.compile(r"[A-Za-zåäöÅÄÖ]")


def detect_language(text: str) -> Language:
    """sv, en or ru for a text of a sentence or more; English when nothing decides."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic and cyrillic >= latin * 0.5:
        return "ru"
    sv = en = 0
    for word in _WORD.findall(text.casefold()):
        if word in _SV_STOPWORDS:
            sv += 1
        elif word in _EN_STOPWORDS:
            en += 1
    if sv == en:
        # Short texts: Swedish letters are the tie-breaker (names like Malmö are rare in
        # a title without any stopword).
        swedish_letters = sum(text.count(char) for char in "åäöÅÄÖ")
        return "sv" if swedish_letters else "en"
    return "sv" if sv > en else "en"
