"""Telegram HTML and its limits, shared by the views and by delivery.

Lengths are counted the way Telegram counts them, in UTF-16 code units. Content is
escaped with :func:`html.escape`; only tags written by the views reach Telegram, and
every message is kept within :data:`MESSAGE_LIMIT`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
    """Join blocks into as few messages as fit ``limit``; never splits inside a block that
    fits, and never inside a tag or an entity.

    A block longer than ``limit`` on its own is split (see :func:`split_html`): preferably
    between lines, else between words, else between characters; tags open at a cut are
    closed at the end of one piece and opened again at the start of the next.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in split_html(block, limit):
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


# One unit of Telegram HTML that must never be cut: a tag, an entity, or one character.
_UNIT = re.compile(
    r"<[^<>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|[^<&]|[<&]", re.S
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_HREF = re.compile(r'href\s*=\s*"([^"]*)"')
# A piece must hold its tags and at least one character (an entity is up to ~10 units).
_ROOM_FOR_TEXT = 10
# Break before a newline, else before a space found in the last part of a piece.
_WORD_BREAK_FROM = 0.7


@dataclass(frozen=True, slots=True)
class _Open:
    name: str
    tag: str  # the opening tag as written, to open it again in the next piece


def _tag(unit: str) -> tuple[bool, str] | None:
    """(closing?, name) for a tag unit, None for text and entities."""
    if not unit.startswith("<") or len(unit) < 3:
        return None
    match = _TAG.match(unit)
    return (match.group(1) == "/", match.group(2).lower()) if match else None


def _after(stack: tuple[_Open, ...], unit: str) -> tuple[_Open, ...]:
    tag = _tag(unit)
    if tag is None:
        return stack
    closing, name = tag
    if not closing:
        return (*stack, _Open(name, unit))
    if stack and stack[-1].name == name:
        return stack[:-1]
    return stack


def _openers(stack: tuple[_Open, ...]) -> str:
    return "".join(item.tag for item in stack)


def _closers(stack: tuple[_Open, ...]) -> str:
    return "".join(f"</{item.name}>" for item in reversed(stack))


def _pairs(units: list[str]) -> tuple[dict[int, int], dict[int, int]]:
    """For every opening tag that is closed: the index of its end tag, and its cost (its own
    tags plus the costliest chain of tags nested in it): what a piece needs around text."""
    ends: dict[int, int] = {}
    costs: dict[int, int] = {}
    open_: list[tuple[int, str, int]] = []  # (index, name, costliest child chain)
    for index, unit in enumerate(units):
        tag = _tag(unit)
        if tag is None:
            continue
        closing, name = tag
        if not closing:
            open_.append((index, name, 0))
        elif open_ and open_[-1][1] == name:
            start, _, inner = open_.pop()
            ends[start] = index
            costs[start] = utf16_len(units[start]) + utf16_len(unit) + inner
            if open_:
                parent, parent_name, best = open_[-1]
                open_[-1] = (parent, parent_name, max(best, costs[start]))
    return ends, costs


def _units(block: str, limit: int) -> list[str]:
    """``block`` as uncuttable units, with the tags that could not fit in one piece around
    a character of their text dropped. For a link (a URL of thousands of characters) its
    text is followed by the address as text: Telegram refuses a message cut inside
    ``<a href>``, and the reader keeps the address. Other tags only lose their formatting
    (only nesting far deeper than any view writes gets there)."""
    units = _UNIT.findall(block)
    ends, costs = _pairs(units)
    dropped: dict[int, str] = {}  # end tag index -> what replaces it
    kept: list[str] = []
    stack: tuple[_Open, ...] = ()
    for index, unit in enumerate(units):
        if index in dropped:
            kept.extend(_UNIT.findall(dropped.pop(index)))
            continue
        if index in ends:
            around = utf16_len(_openers(stack) + _closers(stack))
            if around + costs[index] + _ROOM_FOR_TEXT > limit:
                href = _HREF.search(unit) if _tag(unit) == (False, "a") else None
                dropped[ends[index]] = f" {href.group(1)}" if href and href.group(1) else ""
                continue
        kept.append(unit)
        stack = _after(stack, unit)
    return kept


def _unformat(units: list[str], start: int, stop: int) -> bool:
    """Remove the tags opened in ``units[start:stop]`` and their end tags (a link's end tag
    becomes its address as text); whether there were any."""
    found = False
    index = start
    while index < stop:
        tag = _tag(units[index])
        if tag is None or tag[0]:
            index += 1
            continue
        found = True
        name, depth, end = tag[1], 0, index + 1
        while end < len(units):  # the matching end tag, if any
            inner = _tag(units[end])
            if inner is not None and inner[1] == name:
                if not inner[0]:
                    depth += 1
                elif depth == 0:
                    break
                else:
                    depth -= 1
            end += 1
        href = _HREF.search(units[index]) if name == "a" else None
        if end < len(units):
            units[end : end + 1] = _UNIT.findall(f" {href.group(1)}" if href else "")
        del units[index]
        stop -= 1
    return found


def split_html(block: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Telegram HTML cut into pieces of at most ``limit`` UTF-16 units, each valid on its
    own: no tag or entity is cut, tags open at a cut are closed and opened again, a piece
    never holds only tags, and nothing but whitespace at the cuts is lost."""
    if utf16_len(block) <= limit:
        return [block] if block else []
    units = _units(block, limit)
    pieces: list[str] = []
    stack: tuple[_Open, ...] = ()
    i = 0
    while i < len(units):
        while i < len(units) and units[i].isspace():
            i += 1  # a piece does not start with the whitespace of a cut
        if i == len(units):
            break
        opened = _openers(stack)
        used = utf16_len(opened)
        start, states = i, stack
        visible = 0
        line_break = word_break = None  # (index, stack) of the best cut so far
        while i < len(units):
            unit = units[i]
            after = _after(states, unit)
            cost = utf16_len(unit)
            if used + cost + utf16_len(_closers(after)) > limit:
                if visible:
                    break
                if _unformat(units, start, i):
                    # Tags with no text of their own filled the piece: they lost their
                    # formatting (links kept as text); start the piece again.
                    i, states, used = start, stack, utf16_len(opened)
                    line_break = word_break = None
                    continue
            if unit == "\n" and visible:
                line_break = (i, states)
            elif unit == " " and visible:
                word_break = (i, states)
            used += cost
            if _tag(unit) is None and not unit.isspace():
                visible += 1
            states = after
            i += 1
        if not visible:  # only tags and whitespace left: no message of its own
            if _unformat(units, start, i):
                i = start  # a link's address is text now: send that
            else:
                stack = states
            continue
        if i < len(units):  # cut early at the best break, if the piece is long enough there
            floor = start + (i - start) * _WORD_BREAK_FROM
            if line_break is not None and line_break[0] > start:
                i, states = line_break
            elif word_break is not None and word_break[0] >= floor:
                i, states = word_break
        pieces.append(opened + "".join(units[start:i]) + _closers(states))
        stack = states
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
