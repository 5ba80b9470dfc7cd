"""The running bot records a heartbeat for ``cagbot health`` (see :mod:`cagbot.health`).

The first beat is written at the end of ``post_init`` (store open, index built, menus
published: mode "starting"), then a JobQueue job writes one every
:data:`cagbot.health.BEAT_EVERY` seconds from the bot's own event loop, so a stalled loop, a
dead process and a stopped bot all show up as a stale heartbeat. A clean shutdown records
that it stopped. (PTB's JobQueue cannot run a job "now" before the Application has started,
hence the first beat from the start-up hook.)
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sqlite3
import time

from cagbot import __version__
from cagbot.bot.context import BotApp, BotContext
from cagbot.health import BEAT_EVERY

log = logging.getLogger(__name__)


class HeartbeatWriter:
    def __init__(self, app: BotApp) -> None:
        self.app = app
        self.pid = os.getpid()
        self.host = socket.gethostname()
        self.started_at = time.time()
        self.beats = 0
        self.beaten = asyncio.Event()  # set after each successful beat

    @property
    def mode(self) -> str:
        if not self.app.running:
            return "starting"
        # run_polling starts the updater before the Application; the webhook never does.
        updater = self.app.updater
        return "polling" if updater is not None and updater.running else "webhook"

    async def beat(self) -> None:
        services = self.app.bot_data
        if not services.ready:
            return
        try:
            await services.store.heartbeat.beat(
                pid=self.pid,
                host=self.host,
                mode=self.mode,
                version=__version__,
                started_at=self.started_at,
                now=time.time(),
            )
        except sqlite3.Error as error:
            # A missed beat is what health reports; one log line, not a traceback per beat.
            log.warning("heartbeat not recorded: %s", error)
            return
        self.beats += 1
        self.beaten.set()

    async def _job(self, context: BotContext) -> None:
        await self.beat()

    async def started(self, app: BotApp) -> None:
        await self.beat()

    async def stopped(self, app: BotApp) -> None:
        if self.beats and app.bot_data.ready:
            await app.bot_data.store.heartbeat.stopped(pid=self.pid, now=time.time())


def register(app: BotApp) -> None:
    """Beat at start-up and then from the JobQueue; record a clean stop at shutdown."""
    writer = HeartbeatWriter(app)
    app.bot_data.heartbeat = writer
    app.bot_data.on_startup(writer.started)
    if app.job_queue is None:  # only without PTB's job-queue extra, which we depend on
        log.warning("no JobQueue: the bot beats once at start-up only; `cagbot health` will fail")
    else:
        app.job_queue.run_repeating(writer._job, interval=BEAT_EVERY, name="heartbeat")
    app.bot_data.on_shutdown(writer.stopped)
