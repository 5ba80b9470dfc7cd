"""Content import: listings, RSS/Atom feeds, WordPress sites and curated opportunities into
the store, with open calls, deadlines, languages, tags and identity understood."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cagbot.lazy import lazy_exports

if TYPE_CHECKING:
    from cagbot.content.classify import classify_opportunity
    from cagbot.content.curated import parse_opportunities
    from cagbot.content.deadlines import find_deadline
    from cagbot.content.feeds import parse_feed
    from cagbot.content.identity import canonical_url, same_post
    from cagbot.content.importer import Fetch, fetch_url, import_site, import_sources
    from cagbot.content.language import detect_language, strip_language_marker
    from cagbot.content.listing import parse_listing
    from cagbot.content.merge import merge
    from cagbot.content.parsing import ParsedPost, ParseResult, Skipped, SourceError
    from cagbot.content.report import ImportItem, ImportReport
    from cagbot.content.tagging import tag
    from cagbot.content.text import dedupe_key

# Imported on first use, not with the package: a module of it (cagbot.content.http, say)
# comes without the classifier, dateparser and feedparser (start-up time).
_EXPORTS = {
    "Fetch": "cagbot.content.importer",
    "ImportItem": "cagbot.content.report",
    "ImportReport": "cagbot.content.report",
    "ParseResult": "cagbot.content.parsing",
    "ParsedPost": "cagbot.content.parsing",
    "Skipped": "cagbot.content.parsing",
    "SourceError": "cagbot.content.parsing",
    "canonical_url": "cagbot.content.identity",
    "classify_opportunity": "cagbot.content.classify",
    "dedupe_key": "cagbot.content.text",
    "detect_language": "cagbot.content.language",
    "fetch_url": "cagbot.content.importer",
    "find_deadline": "cagbot.content.deadlines",
    "import_site": "cagbot.content.importer",
    "import_sources": "cagbot.content.importer",
    "merge": "cagbot.content.merge",
    "parse_feed": "cagbot.content.feeds",
    "parse_listing": "cagbot.content.listing",
    "parse_opportunities": "cagbot.content.curated",
    "same_post": "cagbot.content.identity",
    "strip_language_marker": "cagbot.content.language",
    "tag": "cagbot.content.tagging",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = [
    "Fetch",
    "ImportItem",
    "ImportReport",
    "ParseResult",
    "ParsedPost",
    "Skipped",
    "SourceError",
    "canonical_url",
    "classify_opportunity",
    "dedupe_key",
    "detect_language",
    "fetch_url",
    "find_deadline",
    "import_site",
    "import_sources",
    "merge",
    "parse_feed",
    "parse_listing",
    "parse_opportunities",
    "same_post",
    "strip_language_marker",
    "tag",
]
