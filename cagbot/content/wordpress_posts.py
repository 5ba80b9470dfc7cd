"""Posts out of WordPress REST answers (``/wp/v2/posts?_embed``): title, excerpt, link,
post id, date, featured image, category and tag names, the language Polylang or WPML states,
and the other-language versions they link. See wordpress.py for fetching them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from cagbot.content.feeds import MAX_SUMMARY_CHARS
from cagbot.content.identity import canonical_url
from cagbot.content.language import detect_language
from cagbot.content.parsing import ParsedPost, ParseResult, Skipped
from cagbot.content.text import clean_title, dedupe_key, normalise_excerpt, shorten, strip_html
from cagbot.models import PostDraft


def _rendered(item: dict[str, Any], name: str) -> str:
    value = item.get(name)
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _moment(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _image(item: dict[str, Any], base: str) -> str | None:
    media = (item.get("_embedded") or {}).get("wp:featuredmedia") or []
    candidates: list[Any] = []
    for entry in media if isinstance(media, list) else []:
        if not isinstance(entry, dict):
            continue
        sizes = (entry.get("media_details") or {}).get("sizes") or {}
        for size in ("large", "medium_large", "full"):
            if isinstance(sizes.get(size), dict):
                candidates.append(sizes[size].get("source_url"))
        candidates.append(entry.get("source_url"))
    candidates.append(item.get("jetpack_featured_media_url"))
    for candidate in candidates:
        if isinstance(candidate, str) and (url := canonical_url(candidate, base)):
            return url
    return None


def _terms(item: dict[str, Any]) -> tuple[str, ...]:
    groups = (item.get("_embedded") or {}).get("wp:term") or []
    names = []
    for group in groups if isinstance(groups, list) else []:
        for term in group if isinstance(group, list) else []:
            if isinstance(term, dict) and term.get("taxonomy") in ("category", "post_tag"):
                name = strip_html(str(term.get("name") or ""))
                if name and name.casefold() not in ("uncategorized", "okategoriserade"):
                    names.append(name)
    return tuple(names)


def _language_code(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    code = value.replace("-", "_").split("_")[0].casefold()
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


def _translations(
    item: dict[str, Any], links_by_id: dict[int, str], base: str, own: str | None
) -> dict[str, str]:
    found: dict[str, str] = {}
    # Polylang Pro: "translations": {"sv": 12, "en": 14} (ids, itself included)
    polylang = item.get("translations")
    if isinstance(polylang, dict):
        for language, post_id in polylang.items():
            link = links_by_id.get(post_id) if isinstance(post_id, int) else None
            if (code := _language_code(language)) and link:
                found[code] = link
    # WPML REST plugins: a list (or, since 2.0, a dict by locale) of {locale, href}
    wpml = item.get("wpml_translations")
    entries = list(wpml.values()) if isinstance(wpml, dict) else wpml
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and (code := _language_code(entry.get("locale"))):
            link = canonical_url(str(entry.get("href") or ""), base)
            if link:
                found[code] = link
    return {code: link for code, link in found.items() if link != own}


def parse_posts(items: list[dict[str, Any]], source: str, base: str) -> ParseResult:
    """Posts of REST API answers; items without a title are skipped with a reason."""
    result = ParseResult(source)
    links_by_id = {
        item["id"]: link
        for item in items
        if isinstance(item.get("id"), int) and (link := canonical_url(item.get("link"), base))
    }
    for item in items:
        link = canonical_url(item.get("link") if isinstance(item.get("link"), str) else None, base)
        title, marked = clean_title(strip_html(_rendered(item, "title")))
        key = dedupe_key(title)
        if not key:
            result.skipped.append(Skipped(link, "WordPress post has no title"))
            continue
        excerpt = _rendered(item, "excerpt") or _rendered(item, "content")
        summary = shorten(normalise_excerpt(strip_html(excerpt)), MAX_SUMMARY_CHARS)
        stated = _language_code(item.get("lang")) or _language_code(item.get("wpml_current_locale"))
        # WPML gives every translation the original's guid, so the post id (WordPress's own
        # identity, and the ?p=ID its feed uses as guid) names the post.
        post_id = item.get("id")
        guid = (
            urljoin(link, f"/?p={post_id}")
            if isinstance(post_id, int) and link
            else _rendered(item, "guid").strip() or link
        )
        draft = PostDraft(
            key=key,
            title=title,
            summary=summary,
            language=marked or stated or detect_language(f"{title} {summary}"),
            source=source,
            url=link,
            guid=guid,
            published=_moment(item.get("date_gmt")) or _moment(item.get("date")),
            image=_image(item, base),
            translation_links=_translations(item, links_by_id, base, link),
        )
        result.posts.append(ParsedPost(draft, hints=_terms(item)))
    return result
