"""RSS 2.0 and Atom feeds, WordPress's /feed/ in particular, through feedparser.

feedparser sanitises the HTML of descriptions; we then keep plain text. An item without a
guid is identified by its link, one without a link by its title (the dedupe key); an item
without a date has none (never "now", which would change on every import).
"""

from __future__ import annotations

import io
import re
import time
from datetime import UTC, datetime
from typing import Any

from cagbot.content.identity import canonical_url
from cagbot.content.language import detect_language
from cagbot.content.parsing import ParsedPost, ParseResult, Skipped, SourceError
from cagbot.content.text import clean_title, dedupe_key, normalise_excerpt, shorten, strip_html
from cagbot.models import PostDraft

MAX_SUMMARY_CHARS = 1_000
_XML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)
# WordPress appends "The post X appeared first on Y." to feed descriptions.
_APPEARED_FIRST = re.compile(r"\s*The post .{1,300}? appeared first on .{1,200}?\.\s*$")
# Themes end excerpts with a "read more" link, sometimes as well as "[…]".
_READ_MORE = re.compile(
    r"\s*(?:läs mer|läs hela inlägget|read more|continue reading|читать далее|подробнее)"
    r"\W{0,4}(?:\[\s*(?:…|\.{2,})\s*\]|…|\.{3,})?\s*$",
    re.IGNORECASE,
)


def looks_like_feed(data: bytes) -> bool:
    return bool(_XML_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")))


def looks_like_markup(data: bytes) -> bool:
    return data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _moment(entry: Any) -> datetime | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _summary(entry: Any) -> str:
    description = entry.get("summary") or ""
    if not description and entry.get("content"):
        description = entry["content"][0].get("value", "")
    text = _READ_MORE.sub(" […]", _APPEARED_FIRST.sub("", strip_html(description)))
    return shorten(normalise_excerpt(text), MAX_SUMMARY_CHARS)


_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _image(entry: Any, base: str | None) -> str | None:
    """The entry's picture: media:content/thumbnail, an image enclosure, else the first
    <img> of its HTML; resolved against the feed's base and kept only when http(s)."""
    candidates: list[str] = []
    for media in (*(entry.get("media_content") or ()), *(entry.get("media_thumbnail") or ())):
        if media.get("url") and str(media.get("medium", "image")).startswith("image"):
            candidates.append(media["url"])
    for link in entry.get("links") or ():
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            candidates.append(link.get("href", ""))
    html_parts = [entry.get("summary") or ""]
    html_parts += [part.get("value", "") for part in entry.get("content") or ()]
    for html_text in html_parts:
        match = _IMG_SRC.search(html_text)
        if match:
            candidates.append(match.group(1))
    for candidate in candidates:
        url = canonical_url(candidate, base)
        if url:
            return url
    return None


def parse_feed(data: bytes | str, source: str) -> ParseResult:
    """Posts of an RSS/Atom document; items without a title are skipped with a reason."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    result = ParseResult(source)
    if not raw.strip():
        raise SourceError("empty feed")
    # A file-like object: feedparser treats a str as a URL or a file name to open.
    # We keep plain text only (strip_html drops every tag and script), so feedparser's own
    # sanitiser and URI resolution would be work thrown away: a third of the parse time.
    import feedparser  # at the first feed, not with the bot (start-up time)

    parsed = feedparser.parse(io.BytesIO(raw), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise SourceError(f"not a readable feed: {parsed.get('bozo_exception')}")
        if not parsed.get("version"):
            raise SourceError("not an RSS or Atom feed")
        result.warnings.append("the feed has no items")
        return result
    if parsed.get("bozo"):
        result.warnings.append(f"feed is not well-formed, read leniently: {parsed.bozo_exception}")
    # Relative links ("/2008/09/...") are dead in Telegram: resolve them against the feed's
    # site link, else the address the feed was fetched from.
    source_base = source if source.startswith(("http://", "https://")) else None
    base = canonical_url(parsed.feed.get("link"), source_base) or source_base
    for entry in parsed.entries:
        link = canonical_url(entry.get("link"), base)
        title, marked = clean_title(strip_html(entry.get("title") or ""))
        key = dedupe_key(title)
        if not key:
            result.skipped.append(Skipped(link, "feed item has no title"))
            continue
        summary = _summary(entry)
        guid = (entry.get("id") or "").strip() or None
        draft = PostDraft(
            key=key,
            title=title,
            summary=summary,
            language=marked or detect_language(f"{title} {summary}"),
            source=source,
            url=link,
            guid=guid,
            published=_moment(entry),
            image=_image(entry, base),
        )
        categories = tuple(
            str(tag.get("term")) for tag in entry.get("tags") or () if tag.get("term")
        )
        result.posts.append(ParsedPost(draft, hints=categories))
    return result
