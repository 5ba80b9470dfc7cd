"""One answer from a query and its machine translations (``cagbot.translate.query``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cagbot.search.engine import SearchResult


def merged(own: SearchResult, translated: Sequence[SearchResult], limit: int) -> SearchResult:
    """``own`` hits first (they match what the person typed), then the translations' hits
    best first, each post once, at most ``limit``. When only translations found something
    the answer is theirs: no "some of your words", nothing unknown, no correction."""
    seen = {hit.post_id for hit in own.hits}
    extra = sorted(
        (hit for result in translated for hit in result.hits if hit.post_id not in seen),
        key=lambda hit: -hit.score,
    )
    hits = list(own.hits)
    for hit in extra:
        if len(hits) >= limit:
            break
        if hit.post_id not in seen:
            seen.add(hit.post_id)
            hits.append(hit)
    if len(hits) == len(own.hits):
        return own
    if own.hits:
        return replace(own, hits=tuple(hits))
    return replace(
        own, hits=tuple(hits), partial=False, unknown=(), suggestion=None, ignored=(), searched=()
    )
