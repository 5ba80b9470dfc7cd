"""The person's query in the other languages, for search (issue 20).

Cross-language queries were the weakest kind on real content: «запрет мобильных телефонов в
школах» found nothing about the Swedish school phone ban written in English. The lexicon
bridges the concepts it lists (that one among them now); for the rest, with
``CAGBOT_TRANSLATE_URL`` set, a query that finds fewer results than a page is also
machine-translated into the bot's other languages (source
"auto": LibreTranslate detects it) and searched again, results merged after the query's own
(:func:`cagbot.search.merged`). Translations are cached in memory (queries repeat; a
restart costs a few requests), and a slow or failing service costs at most
:data:`TIMEOUT` seconds and the query is answered from its own words.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Final

from cagbot.search.normalize import is_cyrillic
from cagbot.translate.client import TranslationError
from cagbot.translate.job import Client

log = logging.getLogger(__name__)

#: Seconds a search waits for translations of its query.
TIMEOUT: Final = 3.0
CACHE_SIZE: Final = 4096


class QueryTranslator:
    def __init__(
        self,
        client: Client,
        languages: Sequence[str],
        *,
        timeout: float = TIMEOUT,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.client = client
        self.languages = tuple(languages)
        self.timeout = timeout
        self._cache: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._cache_size = cache_size

    async def variants(self, query: str) -> tuple[str, ...]:
        """``query`` in the other languages (those that differ from it), cached; empty
        when the service fails or is slow (not cached then: it is asked again next time)."""
        key = " ".join(query.split()).casefold()
        if not key:
            return ()
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        # Cyrillic is Russian among the bot's languages: no need to ask for it.
        targets = [lang for lang in self.languages if not (lang == "ru" and is_cyrillic(key))]
        try:
            async with asyncio.timeout(self.timeout):
                answers = await asyncio.gather(
                    *(self.client.translate(query, "auto", target) for target in targets)
                )
        except (TranslationError, TimeoutError) as error:
            log.info("query not translated: %s", error or "timed out")
            return ()
        found = tuple(
            dict.fromkeys(
                answer for answer in answers if " ".join(answer.split()).casefold() != key
            )
        )
        self._cache[key] = found
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return found
