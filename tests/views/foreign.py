"""A simple detector of text in another language than the reader's, for the all-views test.

A rendered screen is split into blocks (paragraphs: views join posts with a blank line).
A block that carries a fallback mark in the reader's language ("🌐 на шведском", also
inside "машинный перевод со шведского; остальное на шведском") may show another
language. A machine-translation mark alone covers only what the machine translated (the
title and summary, now in the reader's language), so such a block is still checked; in
any other block, a line is foreign when

- the reader reads Russian and the line has a Latin-script word, or
- the reader reads Swedish or English and the line has a Cyrillic word, or
- between Swedish and English: the line has at least two function words of the other
  language and more of them than of the reader's (for English, a word with å/ä/ö counts
  as a Swedish one).

Names, addresses and links are not language: URLs, e-mail addresses, @usernames,
/commands, anything in quotes, and a short allow-list of names (organisations, places,
product names) are removed before a line is judged.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cagbot.i18n import Translator
from cagbot.i18n_names import in_language
from cagbot.models import reading_chain
from cagbot.views.labels import IN_LANGUAGE, NATIVE_NAMES

# Names written the same in every language (organisations, places, products, units).
NAMES = frozenset(
    {
        "cag",
        "centralasiengrupperna",
        "telegram",
        "utc",
        "malmö",
        "wordpress",
        "novi",
        "ritm",
        "lgbtq",
        "hbtqi",
        "id",
        "pdf",
        "ok",
    }
    # The language picker names each language in itself, so its reader recognises it.
    | {name.split(" ", 1)[1].lower() for name in NATIVE_NAMES.values()}
)
_TAG = re.compile(r"<[^>]+>")
_REMOVE = re.compile(
    r"https?://\S+|tg://\S+|mailto:\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|@\w+|/\w+"
    r"|«[^»]*»|“[^”]*”|\"[^\"]*\"|„[^“”]*[“”]"
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
SV = frozenset(
    [
        "och",
        "att",
        "det",
        "som",
        "är",
        "på",
        "för",
        "med",
        "till",
        "av",
        "inte",
        "jag",
        "du",
        "vi",
        "om",
        "kan",
        "eller",
        "har",
        "den",
        "de",
        "ett",
        "när",
        "så",
        "från",
        "vill",
        "hos",
        "oss",
        "våra",
        "vår",
        "dig",
        "din",
        "ditt",
        "ni",
        "här",
        "alla",
        "efter",
        "också",
        "under",
        "inom",
        "mer",
    ]
)
EN = frozenset(
    [
        "the",
        "and",
        "to",
        "of",
        "is",
        "in",
        "for",
        "with",
        "on",
        "you",
        "your",
        "are",
        "be",
        "this",
        "that",
        "it",
        "we",
        "or",
        "not",
        "can",
        "will",
        "from",
        "at",
        "by",
        "an",
        "our",
        "us",
        "all",
        "after",
        "also",
        "here",
        "more",
        "about",
        "when",
        "what",
        "which",
        "into",
    ]
)


@dataclass(frozen=True, slots=True)
class Finding:
    screen: str
    line: str
    why: str


def marks(t: Translator) -> list[str]:
    """The fallback marks ("in Swedish") as this reader sees them: what lets a block show
    its original language."""
    return [t.gettext(phrase) for phrase in [*IN_LANGUAGE.values(), "in another language"]]


def has_mark(t: Translator, text: str) -> bool:
    """``text`` carries a fallback mark as a whole phrase ("in Kyrgyz", not the start of
    "in Kyrgyzstan")."""
    return any(
        re.search(re.escape(label) + r"(?![^\W\d_])", text) is not None for label in marks(t)
    )


_LINK = re.compile(r'<a href="[^"]*">(.*?)</a>', re.DOTALL)


def link_findings(
    t: Translator, screen: str, text: str, page_language: str | None
) -> list[Finding]:
    """Links in ``text`` to a page in ``page_language`` that the reader does not read, whose
    label does not say the page's language ("Read more (in Swedish)")."""
    if not page_language or page_language in reading_chain(t.language, t.language):
        return []
    hint = in_language(t, page_language)
    return [
        Finding(screen, html.unescape(label), f"link to a page {page_language} without a hint")
        for label in _LINK.findall(text)
        if hint not in html.unescape(label)
    ]


def _words(line: str) -> list[str]:
    cleaned = _REMOVE.sub(" ", line)
    return [w for w in _WORD.findall(cleaned) if w.lower() not in NAMES and len(w) > 1]


def foreign_lines(reader: str, text: str) -> list[tuple[str, str]]:
    """(line, reason) of every line of ``text`` not in ``reader`` (sv, en or ru)."""
    found = []
    for raw in text.splitlines():
        line = html.unescape(_TAG.sub("", raw)).strip()
        words = _words(line)
        if not words:
            continue
        if reader == "ru":
            latin = [w for w in words if _LATIN.search(w)]
            if latin:
                found.append((line, f"Latin words {latin[:3]}"))
            continue
        cyrillic = [w for w in words if _CYRILLIC.search(w)]
        if cyrillic:
            found.append((line, f"Cyrillic words {cyrillic[:3]}"))
            continue
        lower = [w.lower() for w in words]
        sv, en = sum(w in SV for w in lower), sum(w in EN for w in lower)
        if reader == "en":
            # å/ä/ö hint at Swedish, but a name (Rönngren) may carry them in English text
            sv += sum(bool(_SWEDISH_LETTERS.search(w)) for w in words)
            if sv >= 2 and sv > en:
                found.append((line, f"Swedish ({sv} vs {en} function words)"))
        elif en >= 2 and en > sv:
            found.append((line, f"English ({en} vs {sv})"))
    return found


def check(t: Translator, screen: str, texts: Iterable[str | None]) -> list[Finding]:
    """Findings in the blocks of ``texts`` (one screen) that carry no fallback mark."""
    findings = []
    for text in texts:
        for block in re.split(r"\n\s*\n", text or ""):
            if has_mark(t, block):
                continue
            for line, why in foreign_lines(t.language, block):
                findings.append(Finding(screen, line, why))
    return findings
