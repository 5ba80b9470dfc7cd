"""Calls made in Telegram, as documents in the curated file's shape.

A call is one ``[[opportunity]]`` of ``data/opportunities.toml``: the top-level texts are
in ``language`` (the first language the author wrote), a table per other language gives
the same texts in that language, and ``titles`` repeats the titles for importers that read
only those. Publishing imports the document exactly as the file would be imported, so a
call made in Telegram and one from the file are the same kind of record; exporting writes
the documents back as TOML that re-imports to the same calls.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import tomli_w

from cagbot.content.curated import parse_opportunities
from cagbot.lexicon import Lexicon
from cagbot.links import is_web_url
from cagbot.models import OPPORTUNITY_TYPES, OpportunityDetails, Post, PostDraft
from cagbot.models import TEXT_FIELDS as MODEL_TEXT_FIELDS
from cagbot.settings import LANGUAGES

#: The texts a call has in each language, in the order the form asks for them.
TEXT_FIELDS: tuple[str, ...] = ("title", "summary", "location", "duration", "how_to_apply")
#: Fields a language may leave out (the title and summary are what a call is).
OPTIONAL_FIELDS = frozenset({"location", "duration", "how_to_apply"})
#: Longest text accepted per field (Telegram's message limit leaves room for all of them).
FIELD_LIMITS = {
    "title": 200,
    "summary": 1500,
    "location": 200,
    "duration": 200,
    "how_to_apply": 800,
}
SOURCE = "telegram"
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[^\s/<>\"']+\.[^\s<>\"']+$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


class CallError(ValueError):
    """``reason``: 'unreadable', 'past', 'link', 'empty', 'duplicate'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_deadline(text: str, today: date) -> date:
    """ISO (2027-03-15) or the common 15.03.2027 / 15/03/2027; today or later."""
    value = text.strip()
    match = _ISO.match(value)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None and (match := _DOTTED.match(value)):
        parts = (match.group(3), match.group(2), match.group(1))
    if parts is None:
        raise CallError("unreadable")
    try:
        deadline = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise CallError("unreadable") from None
    if deadline < today:
        raise CallError("past")
    return deadline


def parse_apply(text: str) -> str:
    """An http(s) link, or an e-mail address (stored as mailto:)."""
    value = text.strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    if _EMAIL.match(value):
        return f"mailto:{value}"
    if _URL.match(value) and is_web_url(value):
        return value
    raise CallError("link")


def build_doc(
    kind: str,
    texts: dict[str, dict[str, str]],
    deadline: str | None,
    apply_url: str | None,
    *,
    is_open: bool = True,
) -> dict[str, Any]:
    """The call's document from the form's answers (``texts[language][field]``)."""
    if kind not in OPPORTUNITY_TYPES:
        raise CallError("unreadable")
    written = [code for code in LANGUAGES if texts.get(code, {}).get("title")]
    if not written:
        raise CallError("empty")
    original = written[0]
    doc: dict[str, Any] = {"title": texts[original]["title"], "language": original, "type": kind}
    doc.update({k: v for k, v in texts[original].items() if k != "title" and v})
    if deadline:
        doc["deadline"] = deadline
    if apply_url:
        doc["apply_url"] = apply_url
    doc["is_open"] = is_open
    doc["titles"] = {code: texts[code]["title"] for code in written}
    for code in written[1:]:
        doc[code] = {k: v for k, v in texts[code].items() if v}
    return doc


def doc_texts(doc: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The texts per language of a document (the inverse of :func:`build_doc`)."""
    texts: dict[str, dict[str, str]] = {}
    original = doc.get("language", "en")
    texts[original] = {k: doc[k] for k in TEXT_FIELDS if doc.get(k)}
    for code in LANGUAGES:
        table = doc.get(code)
        if code != original and isinstance(table, dict):
            texts[code] = {k: table[k] for k in TEXT_FIELDS if table.get(k)}
    return texts


def _toml_entry(doc: dict[str, Any]) -> dict[str, Any]:
    entry = dict(doc)
    if isinstance(entry.get("deadline"), str):
        entry["deadline"] = date.fromisoformat(entry["deadline"])
    return entry


def to_toml(docs: list[dict[str, Any]], header: str = "") -> str:
    """The documents as a curated opportunities file."""
    body = tomli_w.dumps({"opportunity": [_toml_entry(doc) for doc in docs]})
    return header + body


def to_draft(doc: dict[str, Any], lexicon: Lexicon, guid: str | None = None) -> PostDraft:
    """The post a document imports as, through the curated file's own parser."""
    result = parse_opportunities(to_toml([doc]), SOURCE)
    if not result.posts:
        reason = result.skipped[0].reason if result.skipped else "not a call"
        raise ValueError(reason)
    # Late: the importer brings the classifier and its deadline patterns (seconds of
    # start-up on a busy machine), which the bot's first reply does not need.
    from cagbot.content.importer import enrich

    draft = enrich(result.posts[0], lexicon)
    return replace(draft, guid=guid) if guid else draft


def localized(post: Post, doc: dict[str, Any], language: str) -> Post:
    """The post as a reader of ``language`` sees it: that language's texts where the call
    has them, the original's otherwise."""
    texts = doc_texts(doc)
    mine = texts.get(language, {})
    details = post.opportunity or OpportunityDetails(type="other")
    return replace(
        post,
        title=mine.get("title", post.title),
        summary=mine.get("summary", post.summary),
        opportunity=replace(
            details,
            location=mine.get("location", details.location),
            duration=mine.get("duration", details.duration),
            how_to_apply=mine.get("how_to_apply", details.how_to_apply),
            titles={**details.titles, language: mine.get("title", post.title_in(language))},
        ),
    )


def post_doc(post: Post) -> dict[str, Any]:
    """A curated opportunity that was not made in Telegram, as a document (for export)."""
    details = post.opportunity or OpportunityDetails(type="other")
    doc: dict[str, Any] = {"title": post.title, "language": post.language, "type": details.type}
    if post.summary:
        doc["summary"] = post.summary
    for name in ("location", "duration", "how_to_apply", "apply_url", "apply_label"):
        value = getattr(details, name)
        if value:
            doc[name] = value
    if details.deadline:
        doc["deadline"] = details.deadline.isoformat()
    if details.apply_label:
        doc["apply_label"] = details.apply_label
    if post.url:
        doc["url"] = post.url
    if post.published:
        doc["published"] = post.published
    doc["is_open"] = details.is_open
    titles = {code: title for code, title in details.titles.items() if code != post.language}
    if titles:
        doc["titles"] = {post.language: post.title, **titles}
    # Every human version with every field it has (its own Apply label too): a document
    # adopted from the file, then edited in one field, must keep all the others.
    for code, version in sorted(post.versions.items()):
        if code == post.language or version.machine:
            continue
        table = {name: text for name in MODEL_TEXT_FIELDS if (text := version.get(name))}
        if table:
            doc[code] = table
    doc["source"] = post.source
    return doc


def draft_post(draft: PostDraft) -> Post:
    """A post not stored yet, for the preview (id 0)."""
    return draft.as_post(0, datetime.now(UTC))
