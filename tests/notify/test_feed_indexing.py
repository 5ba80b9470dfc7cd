"""Posts a running bot polls from a feed are searchable at once, not after a restart."""

# ruff: noqa: F811 - fixtures are imported under their own names

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cagbot.bot.notifications import runtime_of
from cagbot.notify.feeds import FeedPoller
from tests.e2e.conftest import (  # noqa: F401 - fixtures
    Bot,
    bot,
    error_log,
    template_db,
)
from tests.notify.conftest import FeedServer

pytestmark = pytest.mark.e2e


async def test_polled_posts_are_searchable_in_the_running_bot_at_once(
    bot: Bot, feed_server: FeedServer
) -> None:
    runtime = runtime_of(bot.app)
    feed_server.add("Permaculture course in Batken", "Learn permaculture.", datetime.now(UTC))
    runtime.poller = FeedPoller(bot.app.bot_data.store, (f"{feed_server.base_url}/feed",), 900)
    [outcome] = await runtime.poll_feeds()
    assert outcome.status == "imported"
    assert outcome.changed == outcome.added
    reply = await bot.say(bot.user("en"), "Batken permaculture course")
    assert "Permaculture course in Batken" in (reply.text or "")
