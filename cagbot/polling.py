"""``cagbot run``: long polling, stopped within ``CAGBOT_SHUTDOWN_TIMEOUT`` whatever runs.

PTB's ``Application.run_polling`` waits at SIGTERM for every running handler, however long
it takes (one waiting out a 429's retry_after, or a reply the network is slow to take). This
runs the same steps by hand, as :mod:`cagbot.webhook` does: ``initialize()`` (post_init: the
store, the search index, notifications), start polling and the application; on SIGTERM or
SIGINT stop polling, stop the application within the shutdown timeout (then cancel the
handlers still running: every write is one transaction, so nothing is left half-written), and
``shutdown()`` (post_shutdown: notifications, then the database).
"""

from __future__ import annotations

import asyncio
import logging

from cagbot.bot.app import build_application
from cagbot.botapi import ALLOWED_UPDATES
from cagbot.lifecycle import stop_within, until_signal
from cagbot.metrics import MetricsServer
from cagbot.settings import Settings

log = logging.getLogger(__name__)


async def serve_polling(settings: Settings, stopping: asyncio.Event) -> None:
    """Poll for updates until ``stopping`` is set, then shut down in order."""
    application = build_application(settings)
    await application.initialize()  # CagbotApplication runs post_init here
    services = application.bot_data
    exporter = MetricsServer(lambda: services.store if services.ready else None)
    try:
        if settings.metrics_port is not None:  # a port in use stops the start, in order
            await exporter.start(settings.listen, settings.metrics_port)
        updater = application.updater
        assert updater is not None  # build_application always has one
        await updater.start_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
        try:
            await application.start()
            log.info("polling for updates")
            await stopping.wait()
            log.info("stopping: no new updates; letting running handlers finish")
        finally:
            if updater.running:
                await updater.stop()
            await stop_within(application, settings.shutdown_timeout)
    finally:
        await exporter.close()
        await application.shutdown()  # post_shutdown: notifications, then the database


def run_polling(settings: Settings) -> None:
    """``cagbot run``: poll until SIGTERM or SIGINT."""
    until_signal(serve_polling, settings)
