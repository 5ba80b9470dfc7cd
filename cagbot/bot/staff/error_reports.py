"""Error reports to staff: with ``CAGBOT_STAFF_CHAT_ID`` set, every unexpected error logged
by cagbot (a handler, a job, delivery) is counted, and a short summary goes to that chat
through the outbox, at most a few times an hour (cagbot.notify.error_digest)."""

from __future__ import annotations

import logging

from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.notifications import runtime_of
from cagbot.notify.error_digest import DigestHandler, ErrorDigest
from cagbot.store.outbox import PRIORITY_STAFF
from cagbot.views.error_reports import error_summary

#: Seconds between looks for errors to report.
FLUSH_EVERY = 60.0
_LOGGER = "cagbot"


class ErrorReports:
    def __init__(self, app: BotApp, chat_id: int) -> None:
        self.app = app
        self.chat_id = chat_id
        self.digest = ErrorDigest()
        self.handler = DigestHandler(self.digest)

    async def flush(self) -> bool:
        """Queue a summary if there is one and the hourly budget allows; whether it did."""
        taken = self.digest.take()
        if taken is None:
            return False
        since, lines = taken
        services = self.app.bot_data
        t = services.i18n.get(services.settings.default_language)
        await services.store.outbox.enqueue(
            [self.chat_id],
            error_summary(t, since, lines),
            kind="staff",
            priority=PRIORITY_STAFF,
        )
        dispatcher = runtime_of(self.app).dispatcher
        if dispatcher is not None:
            dispatcher.wake()
        return True

    async def start(self, app: BotApp) -> None:
        logging.getLogger(_LOGGER).addHandler(self.handler)
        if app.job_queue is not None:
            app.job_queue.run_repeating(
                self._job, interval=FLUSH_EVERY, first=FLUSH_EVERY, name="error-reports"
            )

    async def stop(self, app: BotApp) -> None:
        logging.getLogger(_LOGGER).removeHandler(self.handler)

    async def _job(self, context: BotContext) -> None:
        await self.flush()


def register(app: BotApp) -> None:
    chat_id = app.bot_data.settings.staff_chat_id
    if chat_id is None:
        return
    reports = ErrorReports(app, chat_id)
    app.bot_data.error_reports = reports
    app.bot_data.on_startup(reports.start)
    app.bot_data.on_shutdown(reports.stop)
