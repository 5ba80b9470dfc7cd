"""When two versions are one post: by guid, then by canonical URL; a title is only a hint.

Titles repeat: "Annual meeting", "Praktikant sökes" come back every year, so two posts with
one title are the same post only when nothing says otherwise: the same site (when both have
a link), dates at most :data:`TITLE_WINDOW` apart (when both have one), and never two
different links with different dates. Links are compared in canonical form: scheme and host
in lower case, no fragment, no tracking parameters.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from cagbot.models import Post, PostDraft

TITLE_WINDOW = timedelta(days=7)
_TRACKING = ("utm_", "fbclid", "gclid", "mc_", "yclid")


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """``url`` resolved against ``base`` and normalised; None unless http(s)."""
    if not url or not url.strip():
        return None
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if not k.lower().startswith(_TRACKING)]
    )  # fmt: skip
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def _site(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def same_post(existing: Post, draft: PostDraft) -> bool:
    """Whether ``draft`` is a version of ``existing`` (which the store found by guid, URL or
    one of its titles)."""
    if draft.guid and existing.guid:
        return draft.guid == existing.guid
    if draft.url and existing.url and canonical_url(draft.url) == canonical_url(existing.url):
        return True
    # Only the title matched: a hint, within one site and a short window.
    if draft.url and existing.url and _site(draft.url) != _site(existing.url):
        return False
    if draft.published and existing.published:
        new, old = _utc(draft.published), _utc(existing.published)
        if abs(new - old) > TITLE_WINDOW:
            return False
        if draft.url and existing.url and new.date() != old.date():
            return False  # two links with two dates are two posts
    return True
