"""Channels and forum topics at Telegram's per-chat limits (scaled), checked against the
emulator: every new post arrives once, in the topic when there is one, with 0 violations
and no 429; a destination the bot may not post to is found at the check."""

from __future__ import annotations

from collections.abc import Callable

import telegram

from cagbot.devserver import Emulator, FloodLimits
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.notify.channels import CAN_SEND, NOT_ADMIN, NOT_FORUM, ChannelPoster, check_destination
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.pacer import PaceLimits
from cagbot.settings import Settings
from cagbot.store import Store
from tests.notify.conftest import draft

POSTS = 30  # more than 20 per (scaled) minute into each destination


async def _posts(store: Store, n: int) -> list[int]:
    ids = []
    for number in range(n):
        result = await store.posts.upsert(draft(f"Post number {number}"))
        assert result.post_id is not None
        ids.append(result.post_id)
    return ids


async def test_a_channel_and_a_forum_topic_at_their_limits(
    fresh_db: Store, emu: Emulator, bot: telegram.Bot, make_dispatcher: Callable[..., Dispatcher]
) -> None:
    emu.set_limits(FloodLimits.telegram(scale=10))
    channel = emu.add_channel("CAG", username="cag_all")
    forum = emu.add_forum("Partners", bot_is_admin=True)
    topic = emu.add_topic(forum)
    channels = ("@cag_all", f"ru={forum.id}:{topic}")
    settings = Settings(channels=channels, _env_file=None)  # type: ignore[call-arg]
    checks = [await check_destination(bot, d) for d in settings.destinations]
    assert [check.missing for check in checks] == [None, None]
    poster = ChannelPoster(fresh_db, I18n.load(), load_lexicon(), "en", "cagbot_test_bot")
    await poster.record(checks)

    await _posts(fresh_db, POSTS)
    assert await poster.run() == 0  # not announced yet: channels follow the notifier
    async with fresh_db.db.transaction() as connection:  # what the notifier's fan-out does
        await connection.execute("UPDATE post_notifications SET status = 'done'")
    assert await poster.run() == 2 * POSTS
    assert await poster.run() == 0

    counts = await make_dispatcher(PaceLimits.scaled(10, margin=0.3)).drain()
    assert counts.sent == 2 * POSTS
    assert emu.stats.flood_429 == 0
    assert len(emu.messages(channel.id)) == POSTS
    in_forum = emu.messages(forum.id)
    assert len(in_forum) == POSTS
    assert {message.message_thread_id for message in in_forum} == {topic}
    assert all("start=subscribe" in str(m.reply_markup) for m in emu.messages(channel.id))


async def test_the_check_names_what_a_destination_lacks(emu: Emulator, bot: telegram.Bot) -> None:
    emu.add_channel("Not admin", username="cag_member", bot_is_admin=False)
    restricted = emu.add_group("Muted", supergroup=True)
    restricted.bot_restricted = True
    plain = emu.add_group("No topics", supergroup=True)
    settings = Settings(  # type: ignore[call-arg]
        channels=("@cag_member", str(restricted.id), f"{plain.id}:5", "@nobody_here"),
        _env_file=None,
    )
    missing = [(await check_destination(bot, d)).missing for d in settings.destinations]
    assert missing == [NOT_ADMIN, CAN_SEND, NOT_FORUM, "not_found"]
