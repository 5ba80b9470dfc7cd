"""Helpers for quiet hours journeys: moments of the night and the morning, and the running
bot's dispatcher set to one of them (its clock; nothing waits for real)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from cagbot.bot.notifications import runtime_of
from cagbot.notify.dispatcher import Dispatcher
from cagbot.store import Store
from tests.e2e.conftest import Bot

#: 03:00 in Bishkek (ru readers' zone), 22:00 in Stockholm (sv, en).
NIGHT = datetime(2026, 12, 7, 21, 0, tzinfo=UTC).timestamp()
#: 08:00 local the next morning.
MORNING = {
    "ru": datetime(2026, 12, 8, 2, 0, tzinfo=UTC).timestamp(),
    "sv": datetime(2026, 12, 8, 7, 0, tzinfo=UTC).timestamp(),
    "en": datetime(2026, 12, 8, 7, 0, tzinfo=UTC).timestamp(),
}


def at(bot: Bot, moment: float) -> Dispatcher:
    """The bot's dispatcher, judging quiet hours as if it were ``moment``."""
    dispatcher = runtime_of(bot.app).dispatcher
    assert dispatcher is not None
    dispatcher.clock = lambda: moment
    return dispatcher


async def held(store: Store, n: int) -> None:
    """Wait until ``n`` deliveries are held for the night."""
    for _ in range(400):
        if await store.quiet_hours.held() == n:
            return
        await asyncio.sleep(0.025)
    raise AssertionError(await store.quiet_hours.held())
