"""Search over posts and opportunities in Swedish, English and Russian, typos and
transliterations included. Pure Python and in memory; no Telegram here."""

from cagbot.search.engine import SearchEngine, SearchHit, SearchResult
from cagbot.search.snippet import snippet

__all__ = ["SearchEngine", "SearchHit", "SearchResult", "snippet"]
