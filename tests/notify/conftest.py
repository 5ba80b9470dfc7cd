"""Fixtures for notifications: the emulator, a Bot pointed at it, subscribers, a dispatcher,
a local RSS feed server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import telegram
from aiohttp import web

from cagbot.devserver import Emulator, FloodLimits
from cagbot.models import OpportunityDetails, PostDraft
from cagbot.notify.dispatcher import Dispatcher, RetryPolicy
from cagbot.notify.pacer import PaceLimits, Pacer
from cagbot.notify.transport import AiohttpRequest
from cagbot.store import Store

TOKEN = "123456:TEST-token-aaaaaaaaaaaaaaaaaaaa"
FAST_RETRIES = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05)


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emulator:
        yield emulator
        # Every notification test ends with a clean record: nothing the real API would refuse.
        assert emulator.violations == []


@pytest.fixture
async def bot(emu: Emulator) -> AsyncIterator[telegram.Bot]:
    request = AiohttpRequest(32, read_timeout=2.0)
    async with telegram.Bot(TOKEN, base_url=emu.base_url, request=request) as tg_bot:
        yield tg_bot


@pytest.fixture
def make_dispatcher(fresh_db: Store, bot: telegram.Bot) -> Callable[..., Dispatcher]:
    def make(limits: PaceLimits | None = None, **kwargs: object) -> Dispatcher:
        options: dict[str, object] = {"policy": FAST_RETRIES, "concurrency": 16}
        options.update(kwargs)
        sender = options.pop("bot", bot)
        return Dispatcher(
            fresh_db,
            sender,  # type: ignore[arg-type]
            pacer=Pacer(limits or PaceLimits.off()),
            **options,  # type: ignore[arg-type]
        )

    return make


async def subscribe(
    store: Store,
    chat_id: int,
    *,
    language: str | None = "en",
    topics: tuple[str, ...] = (),
    content_languages: str = "mine",
    frequency: str = "instant",
    opportunity_alerts: bool = True,
    chat_type: str = "private",
) -> None:
    await store.subscribers.ensure(chat_id, chat_type)  # type: ignore[arg-type]
    await store.subscribers.set_language(chat_id, language)
    await store.subscribers.set_subscribed(chat_id, True)
    await store.subscribers.set_content_languages(chat_id, content_languages)  # type: ignore[arg-type]
    await store.subscribers.set_frequency(chat_id, frequency)  # type: ignore[arg-type]
    await store.subscribers.set_opportunity_alerts(chat_id, opportunity_alerts)
    if topics:
        await store.subscribers.set_topics(chat_id, topics)


def draft(
    title: str,
    *,
    language: str = "en",
    topics: tuple[str, ...] = (),
    published: datetime | None = None,
    deadline_in_days: int | None = None,
) -> PostDraft:
    opportunity = None
    if deadline_in_days is not None:
        deadline = (datetime.now(UTC) + timedelta(days=deadline_in_days)).date()
        opportunity = OpportunityDetails(type="internship", deadline=deadline)
    return PostDraft(
        key=title.lower(),
        title=title,
        summary=f"About {title} & <more>",
        language=language,  # type: ignore[arg-type]
        source="test",
        kind="opportunity" if opportunity else "post",
        url=f"https://centralasien.se/{title.lower().replace(' ', '-')}",
        published=published or datetime.now(UTC) + timedelta(minutes=1),
        topics=topics,
        opportunity=opportunity,
    )


@dataclass
class FeedServer:
    items: list[str] = field(default_factory=list)
    requests: int = 0
    not_modified: int = 0
    failing: bool = False
    base_url: str = ""

    def body(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            "<title>CAG</title><link>https://centralasien.se</link><language>en</language>"
            + "".join(self.items)
            + "</channel></rss>"
        )

    def add(self, title: str, summary: str, published: datetime, category: str = "") -> None:
        slug = title.lower().replace(" ", "-")
        self.items.append(
            f"<item><title>{title}</title><link>https://centralasien.se/{slug}/</link>"
            f'<guid isPermaLink="false">https://centralasien.se/?p={len(self.items) + 1}</guid>'
            f"<pubDate>{format_datetime(published)}</pubDate>"
            f"<category>{category}</category><description>{summary}</description></item>"
        )

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        if self.failing:
            return web.Response(status=500, text="down")
        etag = f'"{len(self.items)}"'
        if request.headers.get("If-None-Match") == etag:
            self.not_modified += 1
            return web.Response(status=304)
        return web.Response(
            body=self.body().encode(), content_type="application/rss+xml", headers={"ETag": etag}
        )


async def _broken(request: web.Request) -> web.Response:
    return web.Response(status=503, text="no")


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    app = web.Application()
    app.router.add_get("/feed", server.handle)
    app.router.add_get("/broken", _broken)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield server
    await runner.cleanup()
