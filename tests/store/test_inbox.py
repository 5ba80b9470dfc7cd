"""The webhook's inbox: an update kept before Telegram gets its 200 stays until handled,
once however often Telegram posts it again, and comes back in update order."""

from __future__ import annotations

from cagbot.store import Store


async def test_kept_updates_stay_until_done_in_update_order(fresh_db: Store) -> None:
    inbox = fresh_db.inbox
    await inbox.keep(12, '{"update_id": 12}')
    await inbox.keep(11, '{"update_id": 11}')
    await inbox.keep(12, '{"update_id": 12, "again": true}')  # a retry: kept once, as first
    assert await inbox.unhandled() == [(11, '{"update_id": 11}'), (12, '{"update_id": 12}')]
    await inbox.done(11)
    await inbox.done(99)  # never kept: nothing to do
    assert await inbox.unhandled() == [(12, '{"update_id": 12}')]
