"""Search over posts and opportunities in Swedish, English and Russian, typos and
transliterations included. Pure Python and in memory; no Telegram here."""

from cagbot.search.engine import SearchEngine, SearchHit, SearchResult
from cagbot.search.merge import merged
from cagbot.search.query import query_cost
from cagbot.search.snippet import snippet
from cagbot.search.worker import WORKER, SearchWorker

__all__ = [
    "WORKER",
    "SearchEngine",
    "SearchHit",
    "SearchResult",
    "SearchWorker",
    "merged",
    "query_cost",
    "snippet",
]
