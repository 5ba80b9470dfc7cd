"""Content import: listings, RSS/Atom feeds, WordPress sites and curated opportunities into
the store, with open calls, deadlines, languages, tags and identity understood."""

from __future__ import annotations

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
