"""``cagbot run --webhook``: Telegram posts updates to us, and operators get a health check.

PTB's own ``run_webhook`` (tornado) has no room for a health endpoint, so this follows PTB's
``customwebhookbot`` example with aiohttp: the Application is initialised and started by
hand, an aiohttp server takes Telegram's POSTs and puts each update on
``application.update_queue``, and ``setWebhook`` tells Telegram where we are.

- ``POST <path of CAGBOT_WEBHOOK_URL>``: Telegram's ``X-Telegram-Bot-Api-Secret-Token`` must
  match (403 otherwise, the update is dropped); bodies over 1 MB get 413, a body not complete
  within :data:`BODY_TIMEOUT` 408, anything but a JSON update (or JSON nested deeper than any
  update, or a number beyond 64 bits) 400; a good update is stored in the database's inbox,
  queued and answered 200 (503 if it cannot be stored: Telegram posts it again), and an
  ``update_id`` seen before is answered 200 and not queued again (Telegram re-posts what it
  saw no answer for). A handled update leaves the inbox; what a killed process had accepted
  is handled at the next start.
- ``GET /healthz``: 200 with ``{"status": "ok", "db": "ok", "update_queue": n,
  "last_update_age": seconds}``; 503 when the database does not answer, or its file is gone or
  was replaced, or the bot is stopping, so a load balancer stops sending.

Connections are capped and a new one must deliver its first request within
:data:`~cagbot.webhook_guard.FIRST_REQUEST_TIMEOUT`; malformed requests are logged as one
WARNING per cause per minute (see :mod:`cagbot.webhook_guard`).

Shutdown on SIGTERM/SIGINT: stop accepting (503, which Telegram retries later), close the
HTTP server, let queued updates and running handlers finish within
``CAGBOT_SHUTDOWN_TIMEOUT`` (then cancel them: every write is one transaction, so a cancelled
handler leaves nothing half-written), then ``Application.shutdown()``, whose post_shutdown
stops notifications and closes the database. The webhook stays registered: Telegram keeps
updates for us while we restart.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
import time
from typing import Any

from aiohttp import web
from telegram import Update

from cagbot import metrics
from cagbot.bot.app import CagbotApplication, build_application
from cagbot.bot.context import BotApp
from cagbot.botapi import ALLOWED_UPDATES
from cagbot.lifecycle import stop_within, until_signal
from cagbot.logs import add_secret
from cagbot.metrics import METRICS_PATH
from cagbot.settings import Settings
from cagbot.store import Store
from cagbot.webhook_guard import (
    FIRST_REQUEST_TIMEOUT,
    MAX_CONNECTIONS,
    ConnectionGate,
    RecentIds,
    ServerErrorFilter,
    Throttled,
    absurd_number,
    too_deep,
)

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
MAX_BODY = 1024 * 1024  # Telegram's updates are a few kB; 1 MB is generous
HEALTH_PATH = "/healthz"
DB_PROBE_TIMEOUT = 2.0
#: Seconds for the body once the headers are in (Telegram sends a few kB at once).
BODY_TIMEOUT = 10.0
#: Idle seconds before a kept-alive connection is closed.
KEEPALIVE_TIMEOUT = 30.0


class WebhookServer:
    """The HTTP side: Telegram's POSTs in, updates onto the application's queue."""

    def __init__(
        self,
        application: BotApp,
        *,
        secret: str,
        path: str,
        max_body: int = MAX_BODY,
        max_connections: int = MAX_CONNECTIONS,
        first_request_timeout: float = FIRST_REQUEST_TIMEOUT,
        body_timeout: float = BODY_TIMEOUT,
    ) -> None:
        self.application = application
        self.path = path
        self.max_body = max_body
        self.max_connections = max_connections
        self.first_request_timeout = first_request_timeout
        self.body_timeout = body_timeout
        self.accepting = True
        self.accepted = 0
        self.rejected = 0
        self.duplicates = 0
        self.garbage = Throttled()
        self.gate: ConnectionGate | None = None
        self._seen = RecentIds()
        self._secret = secret.encode()
        self._last_update: float | None = None
        self._started = time.monotonic()
        self._runner: web.AppRunner | None = None
        self._listener: asyncio.Server | None = None
        self.port = 0
        self.web_app = web.Application(client_max_size=max_body, middlewares=[self._seen_request])
        self.web_app.router.add_post(path, self._receive)
        self.web_app.router.add_get(HEALTH_PATH, self._health)
        self.web_app.router.add_get(METRICS_PATH, metrics.handler(self._store))
        self.web_app.on_response_prepare.append(metrics.no_server_banner)
        # aiohttp logs a malformed request as an ERROR with a traceback; ours says it once.
        self._server_log = logging.getLogger("cagbot.webhook.http")
        self._server_filter = ServerErrorFilter(self.garbage)

    async def start(self, host: str, port: int) -> None:
        self._server_log.addFilter(self._server_filter)
        # In-flight requests only enqueue, so a short grace period on close is plenty.
        self._runner = web.AppRunner(
            self.web_app,
            access_log=None,
            shutdown_timeout=2.0,
            keepalive_timeout=KEEPALIVE_TIMEOUT,
            logger=self._server_log,
        )
        await self._runner.setup()
        assert self._runner.server is not None
        self.gate = ConnectionGate(
            self._runner.server,
            self.garbage,
            max_connections=self.max_connections,
            first_request_timeout=self.first_request_timeout,
        )
        loop = asyncio.get_running_loop()
        self._listener = await loop.create_server(self.gate, host, port, backlog=128)
        self.port = int(self._listener.sockets[0].getsockname()[1])

    async def close(self) -> None:
        self.accepting = False
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        if self.gate is not None:
            self.gate.close_all_waiting()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        if listener is not None:
            await listener.wait_closed()
        self._server_log.removeFilter(self._server_filter)

    @web.middleware
    async def _seen_request(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if self.gate is not None:
            self.gate.served(request.transport)  # a whole request head arrived in time
        response: web.StreamResponse = await handler(request)
        return response

    # -- routes -------------------------------------------------------------------------

    async def _receive(self, request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), self._secret):
            self.rejected += 1
            self.garbage.warning("wrong or missing secret token")
            # No detail: whoever is guessing learns nothing.
            return web.Response(status=403, text="forbidden")
        if not self.accepting:
            return web.Response(status=503, text="stopping")
        if request.content_length is not None and request.content_length > self.max_body:
            self.garbage.warning("body too large")
            return web.Response(status=413, text="body too large")
        try:
            async with asyncio.timeout(self.body_timeout):
                body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            self.garbage.warning("body too large")
            return web.Response(status=413, text="body too large")
        except TimeoutError:
            self.rejected += 1
            self.garbage.warning("body not complete in time")
            return web.Response(status=408, text="body too slow", headers={"Connection": "close"})
        update = self._parse(body)
        if update is None:
            self.rejected += 1
            return web.Response(status=400, text="not a Telegram update")
        if not self._seen.first_time(update.update_id):
            # Telegram re-posts an update it saw no answer for; handled once already.
            self.duplicates += 1
            log.debug("update seen before; not queued again", extra={"update_id": update.update_id})
            return web.Response(text="ok")
        try:
            # Kept before the 200: Telegram never posts an answered update again, so a
            # process killed before handling it would lose it. Deleted once handled.
            await self._keep(update.update_id, body)
        except Exception as error:
            self._seen.forget(update.update_id)
            self.garbage.warning("update not stored", type(error).__name__)
            return web.Response(status=503, text="try again")  # Telegram posts it again
        await self.application.update_queue.put(update)
        self.accepted += 1
        self._last_update = time.monotonic()
        log.debug("update queued", extra={"update_id": update.update_id})
        return web.Response(text="ok")

    async def _keep(self, update_id: int, body: bytes) -> None:
        services = self.application.bot_data
        if services.ready:
            await services.store.inbox.keep(update_id, body.decode("utf-8", "replace"))

    async def handled(self, update: object) -> None:
        """The application handled ``update``: it leaves the inbox."""
        services = self.application.bot_data
        if isinstance(update, Update) and services.ready:
            await services.store.inbox.done(update.update_id)

    async def replay(self) -> int:
        """Queue the updates a previous process accepted (answered 200) and never
        handled; how many."""
        services = self.application.bot_data
        if not services.ready:
            return 0
        replayed = 0
        for update_id, body in await services.store.inbox.unhandled():
            update = self._parse(body.encode("utf-8"))
            if update is None or not self._seen.first_time(update_id):
                await services.store.inbox.done(update_id)
                continue
            await self.application.update_queue.put(update)
            replayed += 1
        if replayed:
            log.warning("handling %d updates a stopped process had accepted", replayed)
        return replayed

    def _parse(self, body: bytes) -> Update | None:
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            self.garbage.warning("body is not JSON")
            return None
        except ValueError:
            # An integer of thousands of digits (beyond Python's conversion limit).
            self.garbage.warning("absurd number in JSON")
            return None
        except RecursionError:
            self.garbage.warning("JSON nested too deeply")
            return None
        if too_deep(data):
            self.garbage.warning("JSON nested too deeply")
            return None
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            self.garbage.warning("JSON that is not an update")
            return None
        if absurd_number(data):
            # Telegram's ids fit in 64 bits; a larger one would fail deep in a handler.
            self.garbage.warning("absurd number in JSON")
            return None
        try:
            return Update.de_json(data, self.application.bot)
        except Exception as error:
            # A shape PTB cannot read is Telegram's bug or somebody else's request.
            self.garbage.warning("update PTB cannot read", type(error).__name__)
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
            "updates_repeated": self.duplicates,
            "requests_rejected": self.rejected,
            "connections": self.gate.open_connections if self.gate is not None else 0,
            "uptime": round(time.monotonic() - self._started, 1),
        }
        return web.json_response(report, status=200 if healthy else 503)

    def _store(self) -> Store | None:
        services = self.application.bot_data
        return services.store if services.ready else None

    async def _probe_database(self) -> str:
        services = self.application.bot_data
        if not services.ready:
            return "not open"
        db = services.store.db
        try:
            async with asyncio.timeout(DB_PROBE_TIMEOUT):
                await db.user_version()
                # A read that goes to the file, and the file being the one we opened: a
                # deleted or replaced database still answers from the open handle.
                problem = await db.file_problem()
        except TimeoutError:
            return "timeout"
        except Exception as error:
            self.garbage.warning("health check: database did not answer", type(error).__name__)
            return "error"
        if problem is not None:
            self.garbage.warning("health check: database file", problem)
            return problem
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
    add_secret(secret)  # masked in every log line, like the token
    application = build_application(settings)
    server = WebhookServer(application, secret=secret, path=settings.webhook_path)
    await application.initialize()  # CagbotApplication runs post_init here
    try:
        await application.start()
        if isinstance(application, CagbotApplication):
            application.on_handled = server.handled
        await server.replay()
        try:
            await server.start(settings.listen, settings.port)
            await application.bot.set_webhook(
                url=endpoint,
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
            )
            log.info(
                "webhook set; listening on %s:%d%s (health: %s, metrics: %s)",
                settings.listen,
                server.port,
                settings.webhook_path,
                HEALTH_PATH,
                METRICS_PATH,
            )
            await stopping.wait()
            log.info("stopping: no new updates; letting running handlers finish")
        finally:
            await server.close()
            await stop_within(application, settings.shutdown_timeout)
    finally:
        await application.shutdown()  # post_shutdown: notifications, then the database
    log.info("cagbot stopped")


def run_webhook(settings: Settings) -> None:
    """``cagbot run --webhook``: serve until SIGTERM or SIGINT."""
    until_signal(serve_webhook, settings)
