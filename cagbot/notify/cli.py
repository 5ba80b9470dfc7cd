"""``cagbot broadcast``: queue a staff broadcast from the command line and deliver it."""

from __future__ import annotations

import html
from collections.abc import Mapping

from telegram import Bot

from cagbot.notify.broadcasts import BroadcastError, BroadcastService, CliReport
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.pacer import PaceLimits, Pacer
from cagbot.notify.retry import RetryPolicy
from cagbot.notify.transport import AiohttpRequest
from cagbot.settings import Settings
from cagbot.store import Store
from cagbot.store.audience import Audience

CONCURRENCY = 48
#: Retries due later than this are left to a live bot rather than waited for here.
HANDOVER_AFTER = 10.0


async def broadcast_from_cli(
    settings: Settings,
    text_by_language: Mapping[str, str],
    audience: Audience,
    *,
    limits: PaceLimits | None = None,
    urgent: bool = False,
    protect: bool = False,
) -> CliReport:
    """Queue the broadcast (audited as origin 'cli') and deliver everything pending, side by
    side with a running bot (one outbox, leases): rows the bot is sending are its to finish,
    and retries not due within ``HANDOVER_AFTER`` seconds are left to it, when it runs.

    ``text_by_language`` is plain text, keyed by 'sv'/'en'/'ru' or '*' for everyone; it is
    HTML-escaped here. Raises :class:`BroadcastError` for an empty or too long text or a
    missing token. Delivery is durable: if interrupted, the running bot (or the next
    ``cagbot broadcast``) delivers the rest.
    """
    if settings.token is None:
        raise BroadcastError("CAGBOT_TOKEN is not set")
    texts = {key: html.escape(value, quote=False) for key, value in text_by_language.items()}
    # The schema as it is (only `cagbot migrate` changes it), and never a new file.
    store = await Store.open(settings.database, migrate=False, create=False)
    try:
        service = BroadcastService(store, settings.default_language)
        broadcast_id, recipients = await service.start(
            texts, audience, admin_id=None, origin="cli", urgent=urgent, protect=protect
        )
        bot = Bot(
            settings.token.get_secret_value(),
            base_url=settings.api_base_url,
            request=AiohttpRequest(CONCURRENCY, read_timeout=15),
        )
        async with bot:
            dispatcher = Dispatcher(
                store,
                bot,
                pacer=Pacer(limits),
                policy=RetryPolicy(
                    window=settings.retry_window, max_delay=settings.retry_max_delay
                ),
                concurrency=CONCURRENCY,
                lease=settings.delivery_lease,
                role="cli",
                handover_after=HANDOVER_AFTER,
            )
            await dispatcher.drain()
        audit = await store.outbox.audit(broadcast_id, dispatcher.owner)
        if audit.left == audit.handed_over == 0:
            await service.finish(broadcast_id, recipients)
        # Otherwise the audit row stays 'running': the bot (now or at its next start)
        # follows it to the end and records the outcome.
        return CliReport(broadcast_id, recipients, audit)
    finally:
        await store.close()
