"""Telegram HTML and its limits, shared by the views and by delivery.

Lengths are counted the way Telegram counts them, in UTF-16 code units. Content is
escaped with :func:`html.escape`; only tags written by the views reach Telegram, and
every message is kept within :data:`MESSAGE_LIMIT`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Final

MESSAGE_LIMIT: Final = 4096
CAPTION_LIMIT: Final = 1024  # a photo's caption, in the same units


CALLBACK_ANSWER_LIMIT: Final = 200


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji outside the BMP is 2)."""
    return len(text.encode("utf-16-le")) // 2


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Plain text cut to at most ``limit`` UTF-16 units, at a word boundary when one is near."""
    if utf16_len(text) <= limit:
        return text
    budget = limit - utf16_len(ellipsis)
    out, used = [], 0
    for char in text:
        width = utf16_len(char)
        if used + width > budget:
            break
        out.append(char)
        used += width
    cut = "".join(out)
    space = cut.rfind(" ")
    if space > len(cut) * 0.7:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + ellipsis


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut so that its HTML-escaped form fits ``limit`` units, escaped.

    Escaping can quadruple a text (``<`` becomes ``&lt;``), so cutting before escaping
    is not enough and cutting after it could split an entity.
    """
    flat = one_line(text)
    if utf16_len(esc(flat)) <= limit:
        return esc(flat)
    low, high = 0, len(flat)
    while low < high:  # the longest cut whose escaped form fits
        middle = (low + high + 1) // 2
        if utf16_len(esc(truncate(flat, middle))) <= limit:
            low = middle
        else:
            high = middle - 1
    return esc(truncate(flat, low)) if low else ""


def pack(blocks: Iterable[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Join blocks into as few messages as fit ``limit``; never splits inside a block.

    A block longer than ``limit`` on its own is split between lines (render functions keep
    tags within one line, so no tag is cut in half); a single line that is still too long
    is cut hard, which only plain-text lines can be (``render`` trims content before).
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _fit(block, limit):
            candidate = f"{current}{separator}{piece}" if current else piece
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _fit(block: str, limit: int) -> list[str]:
    if utf16_len(block) <= limit:
        return [block]
    pieces: list[str] = []
    current = ""
    for line in block.split("\n"):
        while utf16_len(line) > limit:
            head = truncate(line, limit, ellipsis="")
            pieces.append(head)
            line = line[len(head) :].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if utf16_len(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = line
    if current:
        pieces.append(current)
    return pieces


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def bold(text: str) -> str:
    return f"<b>{esc(text)}</b>"


def one_line(text: str) -> str:
    return " ".join(text.split())


def single(blocks: Sequence[str]) -> str:
    """Blocks joined as one message; trailing blocks that would not fit are left out.

    Paged views show few posts, each trimmed, so this only bites on extreme content; the
    reader still gets a valid message and the paging buttons.
    """
    return pack(blocks)[0] if blocks else ""
