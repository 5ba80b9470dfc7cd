"""The figures /metrics reads: outbox rows by state (a paused broadcast's rows as held, a
row failed once as retrying), the oldest wait, each feed's last poll, the last backup."""

from __future__ import annotations

from cagbot.store import Store
from cagbot.store.schedules import HELD


async def test_an_empty_database_reads_as_zeros_and_nothing(fresh_db: Store) -> None:
    snapshot = await fresh_db.monitoring.snapshot()
    assert set(snapshot.outbox.values()) == {0}
    assert set(snapshot.outbox) == {
        "pending", "retrying", "held", "sending", "sent", "blocked", "failed"
    }  # fmt: skip
    assert (snapshot.oldest_waiting_at, snapshot.last_sent_at) == (None, None)
    assert (snapshot.feeds, snapshot.broadcasts, snapshot.last_backup_at) == ([], [], None)


async def test_rows_are_counted_by_state_and_held_ones_do_not_wait(fresh_db: Store) -> None:
    await fresh_db.outbox.enqueue([1, 2, 3, 4], "news", kind="staff")
    async with fresh_db.db.transaction() as connection:
        await connection.execute("UPDATE outbox SET not_before = ? WHERE chat_id = 1", (HELD,))
        await connection.execute("UPDATE outbox SET retry_since = 1.0 WHERE chat_id = 2")
        await connection.execute(
            "UPDATE outbox SET created_at = '2000-01-01T00:00:00.000Z' WHERE chat_id = 1"
        )
    snapshot = await fresh_db.monitoring.snapshot()
    assert {k: v for k, v in snapshot.outbox.items() if v} == {
        "held": 1,
        "retrying": 1,
        "pending": 2,
    }
    assert snapshot.oldest_waiting_at is not None
    assert snapshot.oldest_waiting_at > 946_684_800  # the held row's year-2000 age not counted


async def test_feeds_and_backups(fresh_db: Store) -> None:
    await fresh_db.feeds.failed("https://b.example/feed", error="503", next_poll_at=1.0)
    await fresh_db.feeds.succeeded("https://a.example/feed", etag=None, last_modified=None,
                                   next_poll_at=1.0)  # fmt: skip
    await fresh_db.monitoring.record_backup("/srv/backup-1.db", 1024, 1_700_000_000.0)
    await fresh_db.monitoring.record_backup("/srv/backup-2.db", 2048, 1_800_000_000.0)
    snapshot = await fresh_db.monitoring.snapshot()
    assert [(f.url, f.failures) for f in snapshot.feeds] == [
        ("https://a.example/feed", 0),
        ("https://b.example/feed", 1),
    ]
    assert snapshot.feeds[0].last_success_at is not None
    assert snapshot.feeds[1].last_success_at is None
    assert snapshot.last_backup_at == 1_800_000_000.0
