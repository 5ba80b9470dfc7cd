"""Runs the translation job in the background of the bot when ``CAGBOT_TRANSLATE_URL``
is set: a repeating job whose failures are logged and retried at the next run, never
raised into the bot."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Final

from cagbot.bot.context import BotApp, BotContext
from cagbot.settings import LANGUAGES
from cagbot.translate.client import LibreTranslate
from cagbot.translate.job import TranslationJob
from cagbot.translate.query import QueryTranslator

log = logging.getLogger(__name__)

EVERY: Final = 300.0  # seconds between runs
FIRST: Final = 30.0


def register(app: BotApp) -> None:
    settings = app.bot_data.settings
    if not settings.translate_url:
        return
    state: dict[str, object] = {}

    async def start(app: BotApp) -> None:
        services = app.bot_data
        key = settings.translate_key.get_secret_value() if settings.translate_key else None
        client = LibreTranslate(settings.translate_url or "", key)

        async def reindex(post_ids: Sequence[int]) -> None:
            # A translated title or summary is searchable in its language at once.
            for post in await services.store.posts.get_many(post_ids):
                services.search.upsert(post)

        job = TranslationJob(
            services.store,
            client,
            LANGUAGES,
            per_minute=settings.translate_per_minute,
            on_translated=reindex,
        )
        state["client"], state["job"] = client, job
        # A query finding less than a page is also searched in the other languages.
        services.query_variants = QueryTranslator(client, LANGUAGES).variants

        async def run(context: BotContext) -> None:
            try:
                report = await job.run_once()
            except Exception:  # supervised: log, keep the bot, try again next run
                log.exception("translation run failed")
                return
            if report.translated or report.failed:
                log.info(
                    "machine translation: %d done, %d failed", report.translated, report.failed
                )

        if app.job_queue is not None:
            app.job_queue.run_repeating(run, interval=EVERY, first=FIRST, name="translate")

    async def stop(app: BotApp) -> None:
        client = state.get("client")
        if isinstance(client, LibreTranslate):
            await client.close()

    app.bot_data.on_startup(start)
    app.bot_data.on_shutdown(stop)
