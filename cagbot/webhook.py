"""``cagbot run --webhook``: Telegram posts updates to us, and operators get a health check.

PTB's own ``run_webhook`` (tornado) has no room for a health endpoint, so this follows PTB's
``customwebhookbot`` example with aiohttp: the Application is initialised and started by
hand, an aiohttp server takes Telegram's POSTs and puts each update on
``application.update_queue``, and ``setWebhook`` tells Telegram where we are.

- ``POST <path of CAGBOT_WEBHOOK_URL>``: Telegram's ``X-Telegram-Bot-Api-Secret-Token`` must
  match (403 otherwise, the update is dropped); bodies over 1 MB get 413, anything but a JSON
  update 400; a good update is queued and answered 200 at once.
- ``GET /healthz``: 200 with ``{"status": "ok", "db": "ok", "update_queue": n,
  "last_update_age": seconds}``; 503 when the database does not answer or the bot is
  stopping, so a load balancer stops sending.

Shutdown on SIGTERM/SIGINT: stop accepting (503, which Telegram retries later), close the
HTTP server, let queued updates and running handlers finish within
``CAGBOT_SHUTDOWN_TIMEOUT`` (then cancel them: every write is one transaction, so a cancelled
handler leaves nothing half-written), then ``Application.shutdown()``, whose post_shutdown
stops notifications and closes the database. The webhook stays registered: Telegram keeps
updates for us while we restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import signal
import time
from typing import Any

from aiohttp import web
from telegram import Update

from cagbot.bot.app import PerChatUpdateProcessor, build_application
from cagbot.bot.context import BotApp
from cagbot.settings import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
MAX_BODY = 1024 * 1024  # Telegram's updates are a few kB; 1 MB is generous
HEALTH_PATH = "/healthz"
DB_PROBE_TIMEOUT = 2.0


class WebhookServer:
    """The HTTP side: Telegram's POSTs in, updates onto the application's queue."""

    def __init__(
        self, application: BotApp, *, secret: str, path: str, max_body: int = MAX_BODY
    ) -> None:
        self.application = application
        self.path = path
        self.max_body = max_body
        self.accepting = True
        self.accepted = 0
        self.rejected = 0
        self._secret = secret.encode()
        self._last_update: float | None = None
        self._started = time.monotonic()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.web_app = web.Application(client_max_size=max_body)
        self.web_app.router.add_post(path, self._receive)
        self.web_app.router.add_get(HEALTH_PATH, self._health)

    async def start(self, host: str, port: int) -> None:
        # In-flight requests only enqueue, so a short grace period on close is plenty.
        self._runner = web.AppRunner(self.web_app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.port = int(self._runner.addresses[0][1])

    async def close(self) -> None:
        self.accepting = False
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # -- routes -------------------------------------------------------------------------

    async def _receive(self, request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), self._secret):
            self.rejected += 1
            # No detail: whoever is guessing learns nothing.
            return web.Response(status=403, text="forbidden")
        if not self.accepting:
            return web.Response(status=503, text="stopping")
        if request.content_length is not None and request.content_length > self.max_body:
            return web.Response(status=413, text="body too large")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413, text="body too large")
        update = self._parse(body)
        if update is None:
            self.rejected += 1
            return web.Response(status=400, text="not a Telegram update")
        await self.application.update_queue.put(update)
        self.accepted += 1
        self._last_update = time.monotonic()
        log.debug("update queued", extra={"update_id": update.update_id})
        return web.Response(text="ok")

    def _parse(self, body: bytes) -> Update | None:
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            return None
        try:
            return Update.de_json(data, self.application.bot)
        except Exception:
            # A shape PTB cannot read is Telegram's bug or somebody else's request.
            log.warning("unreadable update body", exc_info=True)
            return None

    async def _health(self, request: web.Request) -> web.Response:
        db = await self._probe_database()
        healthy = db == "ok" and self.accepting
        last = self._last_update
        report: dict[str, Any] = {
            "status": "ok" if healthy else ("stopping" if not self.accepting else "error"),
            "db": db,
            "update_queue": self.application.update_queue.qsize(),
            "last_update_age": round(time.monotonic() - last, 1) if last is not None else None,
            "updates_accepted": self.accepted,
            "requests_rejected": self.rejected,
            "uptime": round(time.monotonic() - self._started, 1),
        }
        return web.json_response(report, status=200 if healthy else 503)

    async def _probe_database(self) -> str:
        services = self.application.bot_data
        if not services.ready:
            return "not open"
        try:
            async with asyncio.timeout(DB_PROBE_TIMEOUT):
                await services.store.db.user_version()
        except TimeoutError:
            return "timeout"
        except Exception as error:
            log.warning("health check: database did not answer: %s", error)
            return "error"
        return "ok"


async def serve_webhook(settings: Settings, stopping: asyncio.Event) -> None:
    """Run the bot behind a webhook until ``stopping`` is set, then shut down in order."""
    endpoint = settings.webhook_endpoint
    if endpoint is None:
        raise ValueError("CAGBOT_WEBHOOK_URL is not set")
    if settings.webhook_secret is not None:
        secret = settings.webhook_secret.get_secret_value()
    else:
        # We call setWebhook at every start, so a fresh secret per process is enough.
        secret = secrets.token_urlsafe(32)
    application = build_application(settings)
    server = WebhookServer(application, secret=secret, path=settings.webhook_path)
    await application.initialize()  # CagbotApplication runs post_init here
    try:
        await application.start()
        try:
            await server.start(settings.listen, settings.port)
            await application.bot.set_webhook(
                url=endpoint,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
            )
            log.info(
                "webhook set; listening on %s:%d%s (health: %s)",
                settings.listen,
                server.port,
                settings.webhook_path,
                HEALTH_PATH,
            )
            await stopping.wait()
            log.info("stopping: no new updates; letting running handlers finish")
        finally:
            await server.close()
            await _stop_within(application, settings.shutdown_timeout)
    finally:
        await application.shutdown()  # post_shutdown: notifications, then the database
    log.info("cagbot stopped")


async def _stop_within(application: BotApp, seconds: float) -> None:
    """``Application.stop()`` (queued updates, running handlers, jobs) with a deadline."""
    if not application.running:
        return
    stopper = asyncio.ensure_future(application.stop())
    done, _ = await asyncio.wait({stopper}, timeout=seconds)
    if done:
        stopper.result()
        return
    # Only the updates being handled may be cut short, nothing else of the process; our
    # update processor knows their tasks (build_application always installs it).
    processor = application.update_processor
    cancelled = processor.cancel_handling() if isinstance(processor, PerChatUpdateProcessor) else 0
    log.warning(
        "handlers still running after %.0f s; cancelled %d (%d updates left unprocessed)",
        seconds,
        cancelled,
        application.update_queue.qsize(),
    )
    await asyncio.wait({stopper}, timeout=5.0)
    if not stopper.done():
        stopper.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await stopper


def run_webhook(settings: Settings) -> None:
    """``cagbot run --webhook``: serve until SIGTERM or SIGINT."""
    asyncio.run(_main(settings))


async def _main(settings: Settings) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C still raises
            loop.add_signal_handler(sig, stopping.set)
    await serve_webhook(settings, stopping)
