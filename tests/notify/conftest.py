"""Fixtures for notifications: the emulator, a Bot pointed at it, subscribers, a dispatcher."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
import telegram

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
