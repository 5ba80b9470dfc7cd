"""Translate, once and rate-limited, every title and summary a reader would otherwise see
in a foreign language; results go to the SQLite cache (``store.translations``)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from aiolimiter import AsyncLimiter

from cagbot.store import Store
from cagbot.translate.client import TranslationError

log = logging.getLogger(__name__)

BATCH: Final = 30  # texts looked at per run
GIVE_UP_AFTER: Final = 3  # failures in a row that end a run (the service is down)


class Client(Protocol):
    async def translate(self, text: str, source: str, target: str) -> str: ...


@dataclass(frozen=True, slots=True)
class TranslationReport:
    translated: int = 0
    failed: int = 0
    posts: tuple[int, ...] = ()  # posts with a new translation (to re-index)


class TranslationJob:
    def __init__(
        self,
        store: Store,
        client: Client,
        targets: Sequence[str],
        *,
        per_minute: int = 20,
        on_translated: Callable[[Sequence[int]], Awaitable[None]] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.targets = tuple(targets)
        self._limiter = AsyncLimiter(per_minute, 60)
        self._on_translated = on_translated

    async def run_once(self, batch: int = BATCH) -> TranslationReport:
        """Translate up to ``batch`` missing texts. A failure leaves the text missing (it
        is tried again next run); several in a row end the run early."""
        # Translations of texts no post carries any more (an edited original) go first.
        await self.store.translations.prune()
        pending = await self.store.translations.missing(self.targets, batch)
        translated = failed = in_a_row = 0
        posts: dict[int, None] = {}
        for item in pending:
            async with self._limiter:
                try:
                    text = await self.client.translate(
                        item.source_text, item.source_language, item.target_language
                    )
                except TranslationError as error:
                    failed += 1
                    in_a_row += 1
                    log.warning(
                        "machine translation %s->%s failed: %s",
                        item.source_language,
                        item.target_language,
                        error,
                    )
                    if in_a_row >= GIVE_UP_AFTER:
                        break
                    continue
            in_a_row = 0
            await self.store.translations.put(
                item.source_language, item.target_language, item.source_text, text
            )
            translated += 1
            posts[item.post_id] = None
        report = TranslationReport(translated, failed, tuple(posts))
        if report.posts and self._on_translated is not None:
            await self._on_translated(report.posts)
        return report
