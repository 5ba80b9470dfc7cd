"""Prometheus metrics: ``GET /metrics`` on the webhook server, and in polling mode on
``CAGBOT_METRICS_PORT`` when set (docs/operations.md lists the names and useful queries).

Two kinds of figures:

- counted by this process as it works (``prometheus_client`` counters and a histogram):
  every Bot API request by method and outcome (ok, 429, 5xx, 4xx, network, timeout), and
  how long updates take from arrival to the end of their handlers;
- read from the database when Prometheus scrapes (:class:`SnapshotCollector`): the outbox
  by state, the age of the oldest waiting delivery, the last successful send, each feed's
  last poll and last success, broadcasts in progress, the last backup. These cover every
  process that shares the database (a `cagbot broadcast` run as well as the bot).

The registry is cagbot's own, not prometheus_client's global one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest

from cagbot import __version__
from cagbot.store import Store
from cagbot.store.monitoring import Snapshot

if TYPE_CHECKING:
    # aiohttp (about a third of a second to import) only once a server starts: the bot's
    # first reply does not wait for it.
    from aiohttp import web

log = logging.getLogger(__name__)

METRICS_PATH = "/metrics"
REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)

TELEGRAM_REQUESTS = Counter(
    "cagbot_telegram_requests",
    "Bot API requests by method and outcome (ok, 429, 5xx, 4xx, network, timeout).",
    ["method", "outcome"],
    registry=REGISTRY,
)
UPDATE_SECONDS = Histogram(
    "cagbot_update_handling_seconds",
    "Seconds from an update's arrival to the end of its handlers (waiting for its chat included).",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)


def count_request(method: str, outcome: str) -> None:
    TELEGRAM_REQUESTS.labels(method=method, outcome=outcome).inc()


def outcome_of_status(status: int) -> str:
    if status == 429:
        return "429"
    if status >= 500:
        return "5xx"
    if status >= 400:
        return "4xx"
    return "ok"


class SnapshotCollector(Collector):
    """Gauges from the last :class:`Snapshot` of the database (refreshed per scrape)."""

    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None
        self.taken_at = 0.0

    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily("cagbot_info", "This cagbot's version.", labels=["version"])
        info.add_metric([__version__], 1)
        yield info
        shot = self.snapshot
        if shot is None:
            return
        outbox = GaugeMetricFamily(
            "cagbot_outbox_deliveries",
            "Outbox rows by state (pending, retrying, held, sending, sent, blocked, failed).",
            labels=["state"],
        )
        for state, count in sorted(shot.outbox.items()):
            outbox.add_metric([state], count)
        yield outbox
        age = self.taken_at - shot.oldest_waiting_at if shot.oldest_waiting_at else 0.0
        yield GaugeMetricFamily(
            "cagbot_outbox_oldest_waiting_seconds",
            "Age of the oldest delivery not yet made (0: none waiting).",
            value=max(0.0, age),
        )
        yield _timestamp(
            "cagbot_last_sent_timestamp_seconds",
            "When Telegram last accepted a delivery (unix time).",
            shot.last_sent_at,
        )
        polled = GaugeMetricFamily(
            "cagbot_feed_last_poll_timestamp_seconds",
            "When each feed was last polled (unix time).",
            labels=["feed"],
        )
        success = GaugeMetricFamily(
            "cagbot_feed_last_success_timestamp_seconds",
            "When each feed was last fetched successfully (unix time).",
            labels=["feed"],
        )
        failures = GaugeMetricFamily(
            "cagbot_feed_failures", "Each feed's consecutive failed polls.", labels=["feed"]
        )
        for feed in shot.feeds:
            polled.add_metric([feed.url], feed.last_polled_at or 0.0)
            success.add_metric([feed.url], feed.last_success_at or 0.0)
            failures.add_metric([feed.url], feed.failures)
        yield from (polled, success, failures)
        recipients = GaugeMetricFamily(
            "cagbot_broadcast_recipients",
            "Recipients of each broadcast in progress.",
            labels=["broadcast"],
        )
        progress = GaugeMetricFamily(
            "cagbot_broadcast_deliveries",
            "Deliveries of each broadcast in progress, by state.",
            labels=["broadcast", "state"],
        )
        for broadcast in shot.broadcasts:
            recipients.add_metric([str(broadcast.id)], broadcast.recipients)
            for state, count in sorted(broadcast.by_status.items()):
                progress.add_metric([str(broadcast.id), state], count)
        yield from (recipients, progress)
        yield _timestamp(
            "cagbot_last_backup_timestamp_seconds",
            "When `cagbot backup` or `cagbot migrate` last copied the database (unix time).",
            shot.last_backup_at,
        )


def _timestamp(name: str, documentation: str, value: float | None) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, f"{documentation} 0: never.", value=value or 0.0)


SNAPSHOT = SnapshotCollector()
REGISTRY.register(SNAPSHOT)


async def render(store: Store | None) -> bytes:
    """The exposition text, with the database's figures read now (if it is open)."""
    if store is not None:
        try:
            SNAPSHOT.snapshot = await store.monitoring.snapshot()
            SNAPSHOT.taken_at = time.time()
        except Exception as error:  # a scrape must not fail for a busy database
            log.warning("metrics: database figures not read: %s", type(error).__name__)
    return generate_latest(REGISTRY)


def handler(store_of: Any) -> Any:
    """An aiohttp handler serving the metrics; ``store_of()`` gives the open store or None."""

    from aiohttp import web

    async def serve(request: web.Request) -> web.Response:
        body = await render(store_of())
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    return serve


async def no_server_banner(request: web.Request, response: web.StreamResponse) -> None:
    """aiohttp would announce ``Server: Python/3.x aiohttp/x.y``: name no software or
    version (an ``on_response_prepare`` hook cannot drop the header, only set it)."""
    response.headers["Server"] = "cagbot"


class MetricsServer:
    """``GET /metrics`` alone, for polling mode (``CAGBOT_METRICS_PORT``)."""

    def __init__(self, store_of: Any) -> None:
        self._store_of = store_of
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self, host: str, port: int) -> None:
        # The web server is built (and aiohttp imported) only when one is started: the
        # polling bot makes a MetricsServer whether or not CAGBOT_METRICS_PORT is set.
        from aiohttp import web

        app = web.Application()
        app.router.add_get(METRICS_PATH, handler(self._store_of))
        app.on_response_prepare.append(no_server_banner)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1]) if sockets else port
        log.info("metrics on http://%s:%d%s", host, self.port, METRICS_PATH)

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


class CountingRequest(HTTPXRequest):
    """PTB's HTTPX client, counting every Bot API request by method and outcome."""

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
        name = url.rsplit("/", 1)[-1]  # the Bot API method; the token is earlier in the URL
        try:
            status, payload = await super().do_request(url, method, *args, **kwargs)
        except TimedOut:
            count_request(name, "timeout")
            raise
        except NetworkError:
            count_request(name, "network")
            raise
        count_request(name, outcome_of_status(status))
        return status, payload
