"""Plain-text listings: a title line, a blank line, a summary paragraph, repeated.

A date line may follow the title ("Date: 2026-11-20", "Datum:", "Дата:", "Published:"): the
post's publication date. Without one a post is undated, and an undated call stating no
deadline is of unknown status (see :meth:`cagbot.models.Post.call_status`).

Blocks are runs of non-blank lines. A block in title position is a post's title only when
a summary follows it; anything else (a lone author name, a paragraph with no title, a
line too long to be either) is skipped with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from cagbot.content.language import detect_language
from cagbot.content.parsing import ParsedPost, ParseResult, Skipped
from cagbot.content.text import clean_title, collapse_whitespace, dedupe_key, normalise_excerpt
from cagbot.models import PostDraft

MAX_TITLE_CHARS = 300
MAX_SUMMARY_CHARS = 20_000
_MIN_SUMMARY_CHARS = 160
_EXCERPT_END = re.compile(r"(?:\[\s*(?:…|\.{2,})\s*\]|…|\.{3,})\s*$")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")

_DATE_LINE = re.compile(
    r"^\s*(?:date|datum|дата|published|publicerad|опубликовано)\s*:\s*(\d{4}-\d{2}-\d{2})\s*$",
    re.IGNORECASE,
)


def _date_line(lines: list[str]) -> tuple[list[str], datetime | None]:
    """The block without its date line (the one after the title), and the date it gives."""
    if len(lines) < 2 or (match := _DATE_LINE.match(lines[1])) is None:
        return lines, None
    try:
        moment = datetime.fromisoformat(match[1]).replace(tzinfo=UTC)
    except ValueError:
        return lines, None
    return [lines[0], *lines[2:]], moment


def _blocks(lines: Iterable[str]) -> Iterator[list[str]]:
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip("\r\n"))
        elif current:
            yield current
            current = []
    if current:
        yield current


def _looks_like_summary(text: str) -> bool:
    return (
        len(text) >= _MIN_SUMMARY_CHARS
        or bool(_EXCERPT_END.search(text))
        or len(_SENTENCE_END.findall(text)) >= 2
    )


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return (
        len(line) <= MAX_TITLE_CHARS
        and not _EXCERPT_END.search(line)
        and len(_SENTENCE_END.findall(line)) < 2
    )


def _preview(text: str, limit: int = 60) -> str:
    text = collapse_whitespace(text[: limit * 4])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_listing(text: str, source: str) -> ParseResult:
    """Posts of a listing; stray lines and malformed blocks go to ``skipped``."""
    result = ParseResult(source)
    if not text.strip():
        result.warnings.append("empty listing: no posts")
        return result
    for item in iter_listing(text.splitlines(), source):
        if isinstance(item, Skipped):
            result.skipped.append(item)
        else:
            result.posts.append(item)
    return result


def iter_listing(lines: Iterable[str], source: str) -> Iterator[ParsedPost | Skipped]:
    """The posts and skipped blocks of a listing's lines, as they come: a file of any size
    is read in one pass with two blocks in memory."""
    blocks = _blocks(lines)
    lines_now = next(blocks, None)
    while lines_now is not None:
        lines_now, published = _date_line(lines_now)
        joined = " ".join(lines_now)
        after = next(blocks, None)
        following = " ".join(after) if after is not None else None
        if len(lines_now) == 1 and _looks_like_title(lines_now[0]):
            if following is not None and _looks_like_summary(following):
                yield _post(lines_now[0], following, source, published)
                lines_now = next(blocks, None)
                continue
            yield Skipped(_preview(lines_now[0]), "a title line with no summary paragraph after it")
        elif (
            len(lines_now) > 1
            and _looks_like_title(lines_now[0])
            and _looks_like_summary(" ".join(lines_now[1:]))
        ):
            # Title and summary without the blank line between them.
            yield _post(lines_now[0], " ".join(lines_now[1:]), source, published)
        else:
            if len(joined) > MAX_SUMMARY_CHARS:
                reason = (
                    f"a block of {len(joined):,} characters that is neither a title "
                    f"(at most {MAX_TITLE_CHARS}) nor after one"
                )
            else:
                reason = "a paragraph with no title line before it"
            yield Skipped(_preview(joined), reason)
        lines_now = after


def _post(
    raw_title: str, raw_summary: str, source: str, published: datetime | None = None
) -> ParsedPost | Skipped:
    title, marked = clean_title(raw_title)
    key = dedupe_key(title)
    if not key:
        return Skipped(_preview(raw_title), "the title has no letters or digits")
    summary = normalise_excerpt(raw_summary)
    if len(summary) > MAX_SUMMARY_CHARS:
        return Skipped(
            title, f"summary of {len(summary):,} characters is over the {MAX_SUMMARY_CHARS:,} limit"
        )
    language = marked or detect_language(f"{title} {summary}")
    draft = PostDraft(
        key=key,
        title=title,
        summary=summary,
        language=language,
        source=source,
        published=published,
    )
    return ParsedPost(draft)
