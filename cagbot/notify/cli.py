"""``cagbot broadcast``: queue a staff broadcast from the command line and deliver it."""

from __future__ import annotations

import html
from collections.abc import Mapping

from telegram import Bot

from cagbot.notify.broadcasts import BroadcastError, BroadcastReport, BroadcastService
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.pacer import PaceLimits, Pacer
from cagbot.notify.transport import AiohttpRequest
from cagbot.settings import Settings
from cagbot.store import Store
from cagbot.store.audience import Audience

CONCURRENCY = 48


async def broadcast_from_cli(
    settings: Settings,
    text_by_language: Mapping[str, str],
    audience: Audience,
    *,
    limits: PaceLimits | None = None,
) -> BroadcastReport:
    """Queue the broadcast (audited as origin 'cli') and deliver everything pending.

    ``text_by_language`` is plain text, keyed by 'sv'/'en'/'ru' or '*' for everyone; it is
    HTML-escaped here. Raises :class:`BroadcastError` for an empty or too long text or a
    missing token. Delivery is durable: if interrupted, the running bot (or the next
    ``cagbot broadcast``) delivers the rest.
    """
    if settings.token is None:
        raise BroadcastError("CAGBOT_TOKEN is not set")
    texts = {key: html.escape(value, quote=False) for key, value in text_by_language.items()}
    store = await Store.open(settings.database)
    try:
        service = BroadcastService(store, settings.default_language)
        broadcast_id, recipients = await service.start(texts, audience, admin_id=None, origin="cli")
        bot = Bot(
            settings.token.get_secret_value(),
            base_url=settings.api_base_url,
            request=AiohttpRequest(CONCURRENCY, read_timeout=15),
        )
        async with bot:
            dispatcher = Dispatcher(store, bot, pacer=Pacer(limits), concurrency=CONCURRENCY)
            await dispatcher.recover()
            await dispatcher.drain()
        return await service.finish(broadcast_id, recipients)
    finally:
        await store.close()
