"""Channels and forum topics as stored: a destination's last check (new the first time
only), the announced posts not yet queued to it since it was first seen, and the topic a
group posts to."""

from __future__ import annotations

from cagbot.models import PostDraft
from cagbot.store import Store
from cagbot.store.channels import Channel

CHANNEL = -100_123


async def check(store: Store, missing: str | None = None, thread: int | None = None) -> bool:
    return await store.channels.record_check(
        chat_id=CHANNEL,
        ref="@cag_ru",
        language="ru",
        thread_id=thread,
        title="CAG",
        missing=missing,
    )


async def announced(store: Store, key: str, *, before_channel: bool = False) -> int:
    added = await store.posts.upsert(
        PostDraft(key=key, title=key, summary="", language="ru", source="t")
    )
    assert added.post_id is not None
    async with store.db.transaction() as connection:
        await connection.execute(
            "UPDATE post_notifications SET status = 'done' WHERE post_id = ?", (added.post_id,)
        )
        if before_channel:
            await connection.execute(
                "UPDATE posts SET created_at = '2000-01-01T00:00:00.000Z' WHERE id = ?",
                (added.post_id,),
            )
    return added.post_id


async def test_a_check_is_new_only_the_first_time_and_keeps_what_was_missing(
    fresh_db: Store,
) -> None:
    assert await check(fresh_db, missing="not_admin")
    assert not await check(fresh_db)
    assert await fresh_db.channels.all() == [
        Channel(CHANNEL, "@cag_ru", "ru", None, "CAG", ok=True, missing=None)
    ]
    await check(fresh_db, missing="not_member")
    (channel,) = await fresh_db.channels.all()
    assert (channel.ok, channel.missing) == (False, "not_member")


async def test_only_posts_announced_since_the_channel_was_seen_are_unposted(
    fresh_db: Store,
) -> None:
    await announced(fresh_db, "backlog", before_channel=True)
    await check(fresh_db)
    first = await announced(fresh_db, "first")
    second = await announced(fresh_db, "second")
    waiting = await fresh_db.posts.upsert(
        PostDraft(key="not yet", title="n", summary="", language="ru", source="t")
    )
    assert waiting.post_id is not None  # its announcement is still to come
    assert await fresh_db.channels.unposted(CHANNEL) == [first, second]
    assert await fresh_db.channels.unposted(CHANNEL, limit=1) == [first]
    await fresh_db.channels.mark_posted(CHANNEL, first)
    await fresh_db.channels.mark_posted(CHANNEL, first)  # twice: harmless
    assert await fresh_db.channels.unposted(CHANNEL) == [second]


async def test_a_groups_topic_is_set_moved_and_cleared(fresh_db: Store) -> None:
    channels = fresh_db.channels
    assert await channels.thread_of(-5) is None
    await channels.set_thread(-5, 17, set_by=42)
    await channels.set_thread(-5, 18, set_by=42)
    assert await channels.thread_of(-5) == 18
    await channels.set_thread(-5, None, set_by=42)
    assert await channels.thread_of(-5) is None
    await check(fresh_db, thread=3)  # a configured channel's topic is the group's topic too
    assert await channels.thread_of(CHANNEL) == 3
