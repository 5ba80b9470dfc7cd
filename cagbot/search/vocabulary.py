"""The set of known keys, with typo-tolerant lookup of a key's neighbours.

Keys are bucketed by first letter and length, so a lookup compares a query key only with keys
that could be within its typo budget. Like Meilisearch, a typo in the first letter is not
tolerated: it is rare in typing and would multiply the work by the alphabet size.
"""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import process
from rapidfuzz.distance import OSA


def typo_budget(length: int) -> int:
    """Typos tolerated in a word of ``length`` letters (Meilisearch: 1 from 5, 2 from 9)."""
    if length >= 9:
        return 2
    if length >= 5:
        return 1
    return 0


class Vocabulary:
    def __init__(self) -> None:
        self._buckets: dict[tuple[str, int], list[str]] = {}
        self._known: set[str] = set()

    def __iter__(self) -> Iterator[str]:
        return iter(self._known)

    def __contains__(self, key: object) -> bool:
        return key in self._known

    def __len__(self) -> int:
        return len(self._known)

    def add(self, key: str) -> bool:
        """Add ``key``; True when it was new."""
        if key in self._known or not key:
            return False
        self._known.add(key)
        self._buckets.setdefault((key[0], len(key)), []).append(key)
        return True

    def neighbours(self, key: str, max_typos: int) -> list[tuple[str, int]]:
        """Known keys within ``max_typos`` edits (transpositions count once), nearest first."""
        if max_typos <= 0 or not key:
            return []
        found: list[tuple[str, int]] = []
        first, length = key[0], len(key)
        for other_length in range(length - max_typos, length + max_typos + 1):
            bucket = self._buckets.get((first, other_length))
            if not bucket:
                continue
            for candidate, distance, _ in process.extract(
                key, bucket, scorer=OSA.distance, score_cutoff=max_typos, limit=None
            ):
                if candidate != key:
                    found.append((candidate, int(distance)))
        found.sort(key=lambda pair: pair[1])
        return found
