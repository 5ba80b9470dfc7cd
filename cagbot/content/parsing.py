"""What every parser returns, and how bytes become text.

Decoding policy: UTF-8 (a BOM is allowed). Bytes that are not UTF-8 are replaced with
U+FFFD and the source carries a warning naming how many, so a single Latin-1 "ö" does not
cost a whole listing. Data that is mostly not text (NUL bytes, or more than 5 % replaced
or control characters) is refused as binary: guessing posts out of it would only store
garbage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cagbot.models import PostDraft

MAX_SOURCE_BYTES = 50 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class SourceError(Exception):
    """A whole source cannot be read or parsed; the import reports it and goes on."""


@dataclass(frozen=True, slots=True)
class ParsedPost:
    draft: PostDraft
    # Extra words for tagging that are not part of the post's text (feed categories).
    hints: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    title: str | None
    reason: str


@dataclass(slots=True)
class ParseResult:
    source: str
    posts: list[ParsedPost] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def drafts(self) -> list[PostDraft]:
        return [post.draft for post in self.posts]


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of ``data`` and a warning if bytes had to be replaced.

    Raises :class:`SourceError` for binary data.
    """
    if b"\x00" in data[:65536]:
        raise SourceError("binary data (NUL bytes), not a text file")
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd")
    controls = len(_CONTROL.findall(text))
    if (replaced + controls) > 0.05 * max(len(text), 1):
        raise SourceError(
            f"binary data: {replaced + controls} of {len(text)} characters are not text"
        )
    if replaced:
        return text, f"{replaced} invalid UTF-8 byte sequence(s) replaced with U+FFFD"
    return text, None
