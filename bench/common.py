"""Helpers the benchmarks share (run them as scripts: ``python bench/NAME.py``)."""

from __future__ import annotations

from pathlib import Path

from cagbot.paths import opportunities_file, seed_files
from cagbot.store import Store


async def sample_database(path: Path) -> None:
    """A database at ``path`` holding the bundled sample content."""
    from cagbot.content import import_sources

    store = await Store.open(path)
    try:
        await import_sources(store, [*seed_files(), opportunities_file()])
    finally:
        await store.close()


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q`` quantile of ``values`` (0 <= q <= 1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]
