"""Helpers the benchmarks share (run them as scripts: ``python bench/NAME.py``)."""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from cagbot.bot.app import build_application
from cagbot.devserver import Emulator, FloodLimits
from cagbot.paths import opportunities_file, seed_files
from cagbot.settings import Settings
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


def latency_figures(latencies: list[float]) -> dict[str, float]:
    """p50, p99, max and mean of ``latencies`` (seconds), in milliseconds."""
    return {
        "p50": percentile(latencies, 0.5) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "max": max(latencies) * 1000,
        "mean": statistics.fmean(latencies) * 1000,
    }


@contextlib.asynccontextmanager
async def running_bot(
    database: Path, token: str, prepare: Callable[[Any], None] | None = None
) -> AsyncIterator[tuple[Emulator, Any]]:
    """The real application polling an emulator with Telegram's flood limits; ``prepare``
    may adjust the application before it starts. Stopped (both) on the way out."""
    emu = Emulator(token=token, limits=FloodLimits.telegram())
    await emu.start()
    settings = Settings(  # type: ignore[call-arg]
        token=token, api_base_url=emu.base_url, database=database, _env_file=None
    )
    app = build_application(settings)
    if prepare is not None:
        prepare(app)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield emu, app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await emu.stop()


class NullBot:
    """Answers every send at once (no HTTP): what the dispatcher and outbox cost alone."""

    def __init__(self) -> None:
        self.sent = 0

    async def send_message(self, chat_id: int, text: str, **_: Any) -> Any:
        self.sent += 1
        return _Sent(self.sent)


class _Sent:
    __slots__ = ("message_id",)

    def __init__(self, message_id: int) -> None:
        self.message_id = message_id
