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


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SV_STOPWORDS = frozenset(_SV_WORDS.split())
_EN_STOPWORDS = frozenset(_EN_WORDS.split())
_WORD = re.compile(r"[^\W\d_]+(?:[‘ʻ'’][^\W\d_]+)?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-zåäöÅÄÖ]")

# Cyrillic languages other than Russian, told apart by the letters only they use and by
# frequent words (the letters decide a sentence; words decide texts that avoid the letters,
# like Tajik typed on a Russian keyboard). A Russian text quoting one Kazakh name keeps its
# many Russian function words and wins on them.
_LETTERS: dict[str, str] = {
    "kk": "әұіғқһ",
    "ky": "ңөү",
    "tg": "ҷӣӯҳқғ",
    "uz": "ўҳқғ",
    "uk": "їєґі",
    "sr": "јљњћђџ",
    "bg": "",
}
_EXCLUSIVE: dict[str, str] = {  # a letter that rules a language out
    "ky": "әұіғқһҷӣӯўїєґ",
    "kk": "ҷӣӯўїєґ",
    "tg": "әұіңөүўїєґ",
    "uz": "әұіңөүҷӣӯїєґ",
    "uk": "әұғқһңөүҷӣӯўыэё",
    "bg": "ыэёіїєґәұғқңөүҷӯўј",
    "sr": "ыэёщъ",
}
_CYRILLIC_WORDS: dict[str, frozenset[str]] = {
    "ru": _vocabulary(
        """и в на с по для что не от из к о а как это также или за при у его их был была
        было были будет будут который которые которая этот эта году года если но уже
        только более так же все"""
    ),
    "kk": _vocabulary("және мен бұл үшін деп бойынша жылы сондай ол олар бар тиіс"),
    "ky": _vocabulary(
        "жана менен үчүн боюнча деп болуп бул жыл ошондой алар керек жаштар эмес болот же"
        " кабыл алынат жарыялайт тарабынан"
    ),
    "tg": _vocabulary("ва дар барои бо аз ки мебошад аст ин шуд намуд мегардад буда"),
    "uz": _vocabulary("ва билан учун бу ҳам қилади бўлади этилади ҳақда йил"),
    "uk": _vocabulary("та що які від це або щодо також як у з й його їх"),
    "bg": _vocabulary("е са със това които който която към през ще във се да от"),
    "sr": _vocabulary("је су за да се од који која што као"),
}
_QUOTED = re.compile(r"«[^»]{1,80}»")
_KY_GENITIVE = re.compile(r"..(?:нын|нин|дын|дин|тын|тин|нун|дун|тун)$")
_UZ_LATIN = _vocabulary(
    """va bilan uchun ham bu yil yildan qaror qarori bo‘yicha etiladi o‘tkaziladi
    bo‘lishi hamda kuni yoshlar ishlar"""
)
_UZ_MARKS = re.compile(r"[oOgG][‘ʻ'’]")


def _cyrillic_language(text: str) -> str:
    folded = text.casefold()
    words = _WORD.findall(folded)
    scores: dict[str, float] = {}
    for code, vocabulary in _CYRILLIC_WORDS.items():
        scores[code] = 1.5 * sum(word in vocabulary for word in words)
    # Kyrgyz genitives (-нын, -дин, -тын...) end words that Russian never ends so.
    scores["ky"] += 1.5 * sum(bool(_KY_GENITIVE.search(word)) for word in words)
    letters_total = max(1, len(_CYRILLIC.findall(folded)))
    russian_letters = sum(folded.count(char) for char in "ыэё")
    # Kyrgyz writes ы and э as often as Russian does, so they are weak evidence; Russian
    # function words are strong.
    scores["ru"] += 0.3 * russian_letters
    if letters_total >= 120 and not russian_letters:
        scores["ru"] = 0.0  # a paragraph of Russian without ы, э or ё does not occur
    # ъ inside a word is Bulgarian (Russian uses it rarely, and only after a prefix).
    scores["bg"] += 0.5 * len(re.findall(r"(?<=[^\W\d_])ъ(?=[^\W\d_])", folded))
    # A name in «quotes» is the other language's name, not the text's language.
    unquoted = _QUOTED.sub(" ", folded)
    for code, letters in _LETTERS.items():
        count = sum(unquoted.count(char) for char in letters)
        # A name quoted in another language is a few letters; a text in it is many.
        scores[code] += count * (2.0 if count / letters_total >= 0.01 else 0.5)
    for code, letters in _EXCLUSIVE.items():
        if any(char in folded for char in letters):
            scores[code] = 0.0
    best = max(scores, key=lambda code: (scores[code], code == "ru"))
    return best if scores[best] > 0 else "ru"


# Counted run by run (a list of words, not of every letter: half the cost, same count).
_LATIN_RUN = re.compile(r"[A-Za-zåäöÅÄÖ]+")
# The apostrophes of Uzbek Latin ("bo‘yicha") as one, for the whole text at once.
_APOSTROPHES = re.compile("['’ʻ]")  # a regex: str.translate looks up every character
# A word counts for the first list it is in (Swedish, English, Uzbek), as in a chain of ifs.
_EN_ONLY = _EN_STOPWORDS - _SV_STOPWORDS
_UZ_ONLY = _UZ_LATIN - _SV_STOPWORDS - _EN_STOPWORDS


def detect_language(text: str) -> str:
    """The language of a text of a sentence or more: sv, en or ru, or another ISO 639-1
    code (ky, kk, tg, uz, uk, bg, sr) for the neighbours that are not to pass as Russian or
    English; English when nothing decides."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = sum(map(len, _LATIN_RUN.findall(text)))
    if cyrillic and cyrillic >= latin * 0.5:
        return _cyrillic_language(text)
    # Counted in C (sum over map), not word by word in Python: a listing's posts are
    # mostly detected here (issue 28). _WORD tokenises the same whichever apostrophe.
    words = _WORD.findall(_APOSTROPHES.sub("‘", text.casefold()))
    sv = sum(map(_SV_STOPWORDS.__contains__, words))
    en = sum(map(_EN_ONLY.__contains__, words))
    uz = sum(map(_UZ_ONLY.__contains__, words))
    uz += len(_UZ_MARKS.findall(text))
    if uz > max(sv, en) + 2:
        return "uz"
    if sv == en:
        # Short texts: Swedish letters are the tie-breaker (names like Malmö are rare in
        # a title without any stopword).
        swedish_letters = sum(text.count(char) for char in "åäöÅÄÖ")
        return "sv" if swedish_letters else "en"
    return "sv" if sv > en else "en"
