"""An excerpt of a post around the first word the search matched."""

from __future__ import annotations

import re
from collections.abc import Sequence

_ELLIPSIS = "…"


def _pattern(term: str) -> re.Pattern[str] | None:
    parts = [re.escape(part) for part in re.findall(r"[^\W_]+", term)]
    if not parts:
        return None
    body = r"[\W_]+".join(parts).replace("е", "[её]")
    return re.compile(rf"(?<![^\W_]){body}", re.IGNORECASE)


def snippet(text: str, matched: Sequence[str], width: int = 160) -> str:
    """About ``width`` characters of ``text`` around the earliest occurrence of a matched term.

    Cuts at word boundaries and marks cuts with an ellipsis; without any occurrence the
    excerpt is the start of the text.
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    first = len(text)
    for term in matched:
        pattern = _pattern(term)
        found = pattern.search(text) if pattern else None
        if found and found.start() < first:
            first = found.start()
    if first == len(text):
        first = 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start, first + 1)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    excerpt = text[start:end].strip()
    return (_ELLIPSIS if start > 0 else "") + excerpt + (_ELLIPSIS if end < len(text) else "")
