"""The curated opportunities file (data/opportunities.toml).

Each ``[[opportunity]]`` names the post by its original title, so a curated entry for a
post that a listing or feed also carries lands on the same record and enriches it: the
curated details (deadline, how to apply, versions in other languages) win over what the
heuristics guessed. An entry with a mistake is skipped with the reason; the others load.

Every text a reader sees can be given per language, as a table per language::

    [opportunity.ru]
    title = "..."
    summary = "..."
    location = "Ош, Кыргызстан"

or per field (``location = { sv = "Osh, Kirgizistan", ru = "Ош, Кыргызстан" }``). The
top-level strings are the original language's; the older ``titles = { ... }`` table still
imports as titles of the versions.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from typing import Any, get_args

from cagbot.content.language import detect_language
from cagbot.content.parsing import ParsedPost, ParseResult, Skipped, SourceError
from cagbot.content.text import clean_title, collapse_whitespace, dedupe_key, normalise_excerpt
from cagbot.links import is_web_url
from cagbot.models import (
    TEXT_FIELDS,
    Language,
    OpportunityDetails,
    OpportunityType,
    PostDraft,
    Version,
)

_LANGUAGES: tuple[str, ...] = get_args(Language)
_TYPES: tuple[str, ...] = get_args(OpportunityType)
_FIELDS = frozenset(
    {
        "title",
        "language",
        "type",
        "summary",
        "location",
        "duration",
        "deadline",
        "how_to_apply",
        "apply_url",
        "is_open",
        "url",
        "published",
        "titles",
        "apply_label",
        # Where the record first came from: an export keeps it, so that re-importing the
        # export changes nothing (a hand-written file leaves it out: the file is the source).
        "source",
    }
)
# A version table's key: a language code (ISO 639-1, or -3 for languages without one).
_CODE = re.compile(r"[a-z]{2,3}")


class _Invalid(ValueError):
    pass


def _text(entry: dict[str, Any], name: str) -> str | None:
    value = entry.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Invalid(f"{name} must be a string")
    return collapse_whitespace(value) or None


def _split_languages(entry: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The entry's own fields, and per language the text fields given for it (from
    ``[opportunity.xx]`` tables and from ``field = { xx = ... }`` tables)."""
    own: dict[str, Any] = {}
    per_language: dict[str, dict[str, Any]] = {}
    for key, value in entry.items():
        if _CODE.fullmatch(key) and key not in _FIELDS:
            if not isinstance(value, dict):
                raise _Invalid(f"{key} must be a table of texts in that language")
            unknown = sorted(set(value) - set(TEXT_FIELDS))
            if unknown:
                raise _Invalid(f"{key}: unknown text field(s): {', '.join(unknown)}")
            per_language.setdefault(key, {}).update(value)
        elif key in TEXT_FIELDS and isinstance(value, dict):
            for code, text in value.items():
                if not _CODE.fullmatch(code):
                    raise _Invalid(f"{key}.{code} is not a language code")
                per_language.setdefault(code, {})[key] = text
        else:
            own[key] = value
    return own, per_language


def _deadline(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _Invalid(f"deadline {value!r} is not an ISO date (YYYY-MM-DD)")


def _link(entry: dict[str, Any], name: str) -> str | None:
    value = _text(entry, name)
    if value is not None and not value.startswith(("https://", "http://", "mailto:")):
        raise _Invalid(f"{name} must start with https://, http:// or mailto:")
    if value is not None and not value.startswith("mailto:") and not is_web_url(value):
        # Telegram would refuse every message carrying it as a button.
        raise _Invalid(
            f"{name} {value!r} is not a public web link (spaces, quotes, a host without a "
            "dot, a local or private address?)"
        )
    return value


def _versions(
    per_language: dict[str, dict[str, Any]], language: str, titles: dict[str, str]
) -> dict[str, Version]:
    versions: dict[str, Version] = {}
    for code in sorted(set(per_language) | set(titles)):
        if code == language:
            continue
        fields = {name: _text(per_language.get(code, {}), name) for name in TEXT_FIELDS}
        title = fields["title"]
        if title is not None:
            fields["title"] = clean_title(title)[0]
        elif code in titles:
            fields["title"] = titles[code]
        if fields["summary"] is not None:
            fields["summary"] = normalise_excerpt(fields["summary"])
        versions[code] = Version(**fields)  # type: ignore[arg-type]  # all str | None
    return versions


def _draft(raw_entry: dict[str, Any], source: str) -> PostDraft:
    entry, per_language = _split_languages(raw_entry)
    raw_title = _text(entry, "title")
    if raw_title is None:
        raise _Invalid("title is missing")
    title, marked = clean_title(raw_title)
    key = dedupe_key(title)
    if not key:
        raise _Invalid("title has no letters or digits")
    kind = entry.get("type")
    if kind not in _TYPES:
        raise _Invalid(f"type must be one of {', '.join(_TYPES)}, not {kind!r}")
    summary = normalise_excerpt(_text(entry, "summary") or "")
    language: str = marked or detect_language(f"{title} {summary}")
    if "language" in entry:
        if entry["language"] not in _LANGUAGES:
            raise _Invalid(f"language must be one of {', '.join(_LANGUAGES)}")
        language = entry["language"]
    # The original language's own table fills whatever the top level leaves out.
    for name, value in per_language.pop(language, {}).items():
        entry.setdefault(name, value)
    is_open = entry.get("is_open", True)
    if not isinstance(is_open, bool):
        raise _Invalid("is_open must be true or false")
    titles_raw = entry.get("titles", {})
    if not isinstance(titles_raw, dict):
        raise _Invalid("titles must be a table like { sv = ..., en = ..., ru = ... }")
    titles: dict[str, str] = {}
    for code, value in titles_raw.items():
        if code not in _LANGUAGES or not isinstance(value, str) or not value.strip():
            raise _Invalid(f"titles.{code} must be a non-empty string in sv, en or ru")
        titles[code] = clean_title(value)[0]
    versions = _versions(per_language, language, titles)
    titles = {code: v.title for code, v in versions.items() if v.title} | {language: title}
    published = entry.get("published")
    if published is not None and not isinstance(published, datetime):
        raise _Invalid("published must be a TOML date-time")
    details = OpportunityDetails(
        type=kind,
        location=_text(entry, "location"),
        duration=_text(entry, "duration"),
        deadline=_deadline(entry.get("deadline")),
        how_to_apply=_text(entry, "how_to_apply"),
        apply_url=_link(entry, "apply_url"),
        is_open=is_open,
        titles=titles,
        apply_label=_text(entry, "apply_label"),
    )
    return PostDraft(
        key=key,
        title=title,
        summary=summary,
        language=language,
        source=_text(entry, "source") or source,
        kind="opportunity",
        url=_link(entry, "url"),
        published=published,
        opportunity=details,
        versions=versions,
    )


def parse_opportunities(text: str, source: str) -> ParseResult:
    """Curated opportunities; a TOML syntax error fails the whole file (nothing is
    trustworthy then), a bad entry only that entry."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourceError(f"not valid TOML: {error}") from error
    result = ParseResult(source)
    entries = document.get("opportunity", [])
    if not isinstance(entries, list):
        raise SourceError("expected [[opportunity]] tables")
    for number, entry in enumerate(entries, start=1):
        title = entry.get("title") if isinstance(entry.get("title"), str) else None
        unknown = sorted(key for key in set(entry) - _FIELDS if not _CODE.fullmatch(key))
        if unknown:
            result.warnings.append(
                f"opportunity {number}: unknown field(s) ignored: {', '.join(unknown)}"
            )
        try:
            draft = _draft(entry, source)
        except _Invalid as error:
            result.skipped.append(Skipped(title, f"opportunity {number}: {error}"))
            continue
        result.posts.append(
            ParsedPost(
                draft, hints=tuple(draft.opportunity.titles.values()) if draft.opportunity else ()
            )
        )
    return result
