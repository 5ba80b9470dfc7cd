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


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


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
    blocks = _blocks(text)
    i = 0
    while i < len(blocks):
        lines, published = _date_line(blocks[i])
        joined = " ".join(lines)
        following = " ".join(blocks[i + 1]) if i + 1 < len(blocks) else None
        if len(lines) == 1 and _looks_like_title(lines[0]):
            if following is not None and _looks_like_summary(following):
                _add(result, lines[0], following, published)
                i += 2
            else:
                result.skipped.append(
                    Skipped(_preview(lines[0]), "a title line with no summary paragraph after it")
                )
                i += 1
        elif (
            len(lines) > 1
            and _looks_like_title(lines[0])
            and _looks_like_summary(" ".join(lines[1:]))
        ):
            # Title and summary without the blank line between them.
            _add(result, lines[0], " ".join(lines[1:]), published)
            i += 1
        else:
            if len(joined) > MAX_SUMMARY_CHARS:
                reason = (
                    f"a block of {len(joined):,} characters that is neither a title "
                    f"(at most {MAX_TITLE_CHARS}) nor after one"
                )
            else:
                reason = "a paragraph with no title line before it"
            result.skipped.append(Skipped(_preview(joined), reason))
            i += 1
    return result


def _add(
    result: ParseResult, raw_title: str, raw_summary: str, published: datetime | None = None
) -> None:
    title, marked = clean_title(raw_title)
    key = dedupe_key(title)
    if not key:
        result.skipped.append(Skipped(_preview(raw_title), "the title has no letters or digits"))
        return
    summary = normalise_excerpt(raw_summary)
    if len(summary) > MAX_SUMMARY_CHARS:
        result.skipped.append(
            Skipped(
                title,
                f"summary of {len(summary):,} characters is over the {MAX_SUMMARY_CHARS:,} limit",
            )
        )
        return
    language = marked or detect_language(f"{title} {summary}")
    draft = PostDraft(
        key=key,
        title=title,
        summary=summary,
        language=language,
        source=result.source,
        published=published,
    )
    result.posts.append(ParsedPost(draft))
