"""A WordPress site through its REST API: the whole archive once, then only what changed.

``cagbot import https://site/`` (and a site root among the polled feeds) finds the API the
way WordPress announces it: the ``Link: <…/wp-json/>; rel="https://api.w.org/"`` header or
the same ``<link>`` in the page head; without one it falls back to the site's feed. The
archive is read page by page (``/wp/v2/posts?_embed&per_page=100&page=N``, ``X-WP-TotalPages``
pages); a poll asks only for posts modified after the newest ``modified_gmt`` seen, with
``If-None-Match``/``If-Modified-Since`` so an unchanged site answers 304.

From each post: title, excerpt (else content), link and guid, ``date_gmt``, the featured
image (``_embedded["wp:featuredmedia"]``), category and tag names (``_embedded["wp:term"]``,
matched to topics through the lexicon like feed categories), the language Polylang
(``lang``) or WPML (``wpml_current_locale``) states, and the other-language versions they
link (Polylang ``translations`` ids, WPML ``wpml_translations``).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from cagbot.content.feeds import parse_feed
from cagbot.content.http import FETCH_TIMEOUT, USER_AGENT, read_capped
from cagbot.content.parsing import ParseResult, SourceError
from cagbot.content.wordpress_posts import parse_posts

log = logging.getLogger(__name__)

PER_PAGE = 100
MAX_PAGES = 500  # 50,000 posts: far beyond CAG's archive, a stop for a misbehaving server
_API_REL = "https://api.w.org/"
_LINK_HEADER = re.compile(r'<([^>]+)>\s*;\s*rel="?https://api\.w\.org/"?')
_HEAD_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""(\w+)\s*=\s*["']([^"']*)["']""")


def is_site(url: str) -> bool:
    """A site's root (``https://site/``) rather than a feed or a file: the WordPress path."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.path in ("", "/") and not parts.query


@dataclass(frozen=True, slots=True)
class Site:
    url: str
    api: str | None  # the REST root, ".../wp-json/"
    feed: str | None


@dataclass(slots=True)
class Poll:
    """One poll's result: the posts and the validators to send next time."""

    result: ParseResult
    etag: str | None = None
    watermark: str | None = None  # newest modified_gmt seen (ISO, UTC)
    not_modified: bool = False
    pages: int = 0


@dataclass(slots=True)
class _Fetched:
    items: list[dict[str, Any]] = field(default_factory=list)
    etag: str | None = None
    not_modified: bool = False
    pages: int = 0


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=FETCH_TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    )


async def _get(http: httpx.AsyncClient, url: str, **kwargs: Any) -> tuple[httpx.Response, bytes]:
    try:
        async with http.stream("GET", url, **kwargs) as response:
            body = b"" if response.status_code == 304 else await read_capped(response)
            return response, body
    except httpx.HTTPError as error:
        raise SourceError(f"could not fetch: {error}") from error


def _head_links(html: str) -> list[dict[str, str]]:
    head = html[: html.lower().find("</head>") if "</head>" in html.lower() else 200_000]
    return [
        {key.lower(): value for key, value in _ATTR.findall(tag)}
        for tag in _HEAD_LINK.findall(head)
    ]


#: Sites already discovered by this process, by the URL they were given as.
_discovered: dict[str, Site] = {}


async def discover(http: httpx.AsyncClient, url: str) -> Site:
    """Where the site's REST API and feed are."""
    response, body = await _get(http, url)
    if response.status_code >= 400:
        raise SourceError(f"could not fetch: {url} answered {response.status_code}")
    base = str(response.url)
    api = None
    for header in response.headers.get_list("link"):
        match = _LINK_HEADER.search(header)
        if match:
            api = urljoin(base, match.group(1))
    html = body.decode("utf-8", errors="replace")
    links = _head_links(html)
    feed = None
    for link in links:
        rel, href = link.get("rel", ""), link.get("href", "")
        if api is None and rel == _API_REL and href:
            api = urljoin(base, href)
        if feed is None and rel == "alternate" and "xml" in link.get("type", "") and href:
            feed = urljoin(base, href)
    return Site(url=base, api=api, feed=feed or urljoin(base, "feed/"))


async def _fetch_posts(
    http: httpx.AsyncClient,
    api: str,
    *,
    modified_after: str | None = None,
    etag: str | None = None,
    per_page: int = PER_PAGE,
) -> _Fetched:
    fetched = _Fetched()
    params: dict[str, str | int] = {"_embed": "1", "per_page": per_page}
    headers: dict[str, str] = {}
    if modified_after:
        params |= {"modified_after": modified_after, "orderby": "modified", "order": "asc"}
        moment = datetime.fromisoformat(modified_after).replace(tzinfo=UTC)
        headers["If-Modified-Since"] = format_datetime(moment, usegmt=True)
    if etag:
        headers["If-None-Match"] = etag
    endpoint = urljoin(api, "wp/v2/posts")
    total = 1
    page = 1
    while page <= min(total, MAX_PAGES):
        response, body = await _get(
            http, endpoint, params={**params, "page": page}, headers=headers if page == 1 else {}
        )
        if response.status_code == 304:
            fetched.not_modified = True
            return fetched
        if response.status_code == 400 and page > 1:
            break  # rest_post_invalid_page_number: the archive shrank while we read it
        if response.status_code >= 400:
            raise SourceError(f"WordPress API answered {response.status_code} for page {page}")
        try:
            items = json.loads(body)
        except ValueError as error:
            raise SourceError(f"WordPress API page {page} is not JSON: {error}") from error
        if not isinstance(items, list):
            raise SourceError(f"WordPress API page {page} is not a list of posts")
        fetched.items.extend(item for item in items if isinstance(item, dict))
        if page == 1:
            fetched.etag = response.headers.get("ETag")
            try:
                total = max(1, int(response.headers.get("X-WP-TotalPages", "1")))
            except ValueError:
                total = 1
        fetched.pages = page
        page += 1
    return fetched


def _watermark(items: list[dict[str, Any]], previous: str | None) -> str | None:
    stamps = [str(item["modified_gmt"]) for item in items if item.get("modified_gmt")]
    return max([*stamps, *([previous] if previous else [])], default=None)


async def read_site(
    url: str,
    *,
    etag: str | None = None,
    watermark: str | None = None,
    http: httpx.AsyncClient | None = None,
    per_page: int = PER_PAGE,
) -> Poll:
    """The site's posts: all of them, or (with ``watermark``) those modified since."""
    own = http is None
    http = http or client()
    try:
        # Discovered once per process: every poll would otherwise fetch the home page too.
        site = _discovered.get(url) or await discover(http, url)
        _discovered[url] = site
        if site.api is None:
            return await _read_feed(http, site, etag=etag)
        try:
            fetched = await _fetch_posts(
                http, site.api, modified_after=watermark, etag=etag, per_page=per_page
            )
        except SourceError:
            _discovered.pop(url, None)  # the API may have moved: look again next time
            raise
        if fetched.not_modified:
            return Poll(ParseResult(url), etag=etag, watermark=watermark, not_modified=True)
        result = parse_posts(fetched.items, url, site.url)
        log.info("WordPress %s: %d posts in %d pages", url, len(fetched.items), fetched.pages)
        return Poll(
            result,
            etag=fetched.etag or etag,
            watermark=_watermark(fetched.items, watermark),
            pages=fetched.pages,
        )
    finally:
        if own:
            await http.aclose()


async def _read_feed(http: httpx.AsyncClient, site: Site, *, etag: str | None) -> Poll:
    """No REST API announced: the site's feed (ten items, no images or translations)."""
    assert site.feed is not None
    headers = {"If-None-Match": etag} if etag else {}
    response, body = await _get(http, site.feed, headers=headers)
    if response.status_code == 304:
        return Poll(ParseResult(site.url), etag=etag, not_modified=True)
    if response.status_code >= 400:
        raise SourceError(f"no REST API and the feed {site.feed} answered {response.status_code}")
    result = parse_feed(body, site.feed)
    result.warnings.insert(0, "no WordPress REST API found: read the feed instead")
    return Poll(result, etag=response.headers.get("ETag"))
