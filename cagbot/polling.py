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
from typing import Any

from cagbot.bot.app import build_application
from cagbot.botapi import ALLOWED_UPDATES
from cagbot.lifecycle import stop_within, until_signal
from cagbot.metrics import MetricsServer
from cagbot.settings import Settings

log = logging.getLogger(__name__)


async def serve_polling(settings: Settings, stopping: asyncio.Event) -> None:
    """Poll for updates until ``stopping`` is set, then shut down in order."""
    application = build_application(settings)
    # The notification runtime, the heartbeat and the menus start in the background, once
    # polling has begun (bench/startup_bench.py: the first reply).
    application.bot_data.start_in_background = True
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
            await _until(stopping, services.starting)
            log.info("stopping: no new updates; letting running handlers finish")
        finally:
            if updater.running:
                await updater.stop()
            await stop_within(application, settings.shutdown_timeout)
    finally:
        await exporter.close()
        await application.shutdown()  # post_shutdown: notifications, then the database


async def _until(stopping: asyncio.Event, starting: asyncio.Future[None] | None) -> None:
    """Until ``stopping`` is set. A background start that fails is raised here, stopping the
    bot in order as a failure inside ``initialize()`` would."""
    if starting is not None:
        waiting: asyncio.Future[Any] = asyncio.ensure_future(stopping.wait())
        try:
            await asyncio.wait({waiting, starting}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiting.cancel()
        if starting.done():
            starting.result()
    await stopping.wait()


def run_polling(settings: Settings) -> None:
    """``cagbot run``: poll until SIGTERM or SIGINT."""
    until_signal(serve_polling, settings)
