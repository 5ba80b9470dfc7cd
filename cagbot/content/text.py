"""Text clean-up shared by every parser: whitespace, excerpt endings, HTML, dedupe keys."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from cagbot.content.language import strip_language_marker
from cagbot.models import Language

# Zero-width and BOM characters survive copy-paste from WordPress; they split words invisibly.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# C0/C1 control characters other than whitespace: never content, often binary debris.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A run of whitespace becomes one space: matched only where that changes something (two or
# more, or one that is not a space), so the many single spaces are not each replaced.
_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")
# "[…]", "[...]", "[&hellip;]" (after unescaping), "…" or "..." at the very end.
_EXCERPT_END = re.compile(r"(?:\s*(?:\[\s*(?:…|\.{2,})\s*\]|…|\.{3,}))+\s*$")
_APOSTROPHES = re.compile(r"(?<=\w)['’`ʼ](?=\w)")
_WORD = re.compile(r"\w+")

ELLIPSIS = "…"


def collapse_whitespace(text: str) -> str:
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    return _WHITESPACE.sub(" ", text).strip()


def normalise_excerpt(text: str) -> str:
    """Collapse whitespace and end a truncated excerpt with exactly one "…"."""
    text = collapse_whitespace(text)
    cut = _EXCERPT_END.sub("", text)
    if cut == text:
        return text
    # After a full stop the ellipsis stands apart ("Uzbekistan. …"), else it ends the word.
    return f"{cut} {ELLIPSIS}" if cut.endswith((".", "!", "?")) else cut + ELLIPSIS


def clean_title(raw: str) -> tuple[str, Language | None]:
    """The title without language markers, and the language a marker named (if any)."""
    title, language = strip_language_marker(collapse_whitespace(raw))
    return collapse_whitespace(title), language


def words(text: str) -> list[str]:
    """Casefolded words on word boundaries; apostrophes inside a word are dropped so that
    "youth's" and "youth’s" are one word, and ё folds to е as Russian writers mostly do."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _WORD.findall(_APOSTROPHES.sub("", folded))


def dedupe_key(title: str) -> str:
    """The normalised title that identifies one post across sources.

    Language markers, case, punctuation, quotes and dashes do not count; letters do
    (Malmö and Malmo stay different).
    """
    stripped, _ = clean_title(title)
    return " ".join(words(stripped))


class _TextExtractor(HTMLParser):
    _BLOCKS = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"})

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "iframe", "object"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def strip_html(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    if "<" not in fragment and "&" not in fragment:
        return collapse_whitespace(fragment)
    extractor = _TextExtractor()
    extractor.feed(fragment)
    extractor.close()
    # A second unescape catches double-encoded entities ("&amp;#8230;") that feeds carry.
    return collapse_whitespace(html.unescape("".join(extractor.parts)))


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, ending in "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + ELLIPSIS
