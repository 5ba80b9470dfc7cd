"""/forget wins every race: a job that read its recipients before someone confirmed /forget
and queues after it (the digest job renders for minutes) queues nothing for them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.models import Post
from cagbot.notify.notifier import Notifier
from cagbot.settings import Settings
from cagbot.store import Store
from cagbot.store.audience import Audience
from tests.notify.conftest import draft, subscribe

STAYS, LEAVES, ALSO_STAYS = 1, 2, 3


async def _recipients(store: Store) -> list[int]:
    rows = await store.db.fetchall("SELECT chat_id FROM outbox ORDER BY chat_id")
    return [int(row[0]) for row in rows]


async def test_forget_during_the_digest_job_queues_nothing_for_that_chat(
    fresh_db: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    notifier = Notifier(fresh_db, settings, I18n.load(), load_lexicon())
    await notifier.announce_new_posts()  # absorbs the empty backlog
    for chat_id in (STAYS, LEAVES, ALSO_STAYS):
        await subscribe(
            fresh_db, chat_id, language="ru", content_languages="all", frequency="daily"
        )
    await fresh_db.db.connection.execute(
        "UPDATE subscribers SET subscribed_at = '2020-01-01T00:00:00.000Z'"
    )
    await fresh_db.posts.upsert(draft("Climate camp in Osh"))
    assert (await notifier.announce_new_posts()).digest_items == 3

    # The job has read who gets a digest; while it renders, one reader confirms /forget.
    get_many = fresh_db.posts.get_many

    async def rendering(post_ids: list[int]) -> list[Post]:
        await fresh_db.privacy.erase(LEAVES)
        return await get_many(post_ids)

    monkeypatch.setattr(fresh_db.posts, "get_many", rendering)
    queued = await notifier.run_due_digests(datetime(2026, 9, 2, 2, 5, tzinfo=UTC), 8)

    assert queued == 2
    assert await _recipients(fresh_db) == [STAYS, ALSO_STAYS]
    assert (await fresh_db.privacy.export(LEAVES)).empty


async def test_a_forgotten_chat_can_never_be_queued_for_an_audience_again(
    fresh_db: Store,
) -> None:
    for chat_id in (STAYS, LEAVES):
        await subscribe(fresh_db, chat_id, language="en")
    await fresh_db.privacy.erase(LEAVES)
    # A fan-out that read its recipients before the erasure writes after it: the guard in
    # the schema refuses the forgotten chat's row, whatever the code path.
    async with fresh_db.db.transaction() as connection:
        await connection.execute(
            "INSERT INTO broadcasts (id, origin, texts, audience) VALUES (1, 'cli', '{}', ?)",
            (Audience().to_json(),),
        )
        cursor = await connection.execute(
            "INSERT INTO outbox_messages (kind, text, broadcast_id) VALUES ('broadcast', 'x', 1)"
        )
        await connection.executemany(
            "INSERT OR IGNORE INTO outbox (message_id, chat_id) VALUES (?, ?)",
            [(cursor.lastrowid, STAYS), (cursor.lastrowid, LEAVES)],
        )
    assert await _recipients(fresh_db) == [STAYS]
    # A staff alert to a named chat is not an audience: it still goes.
    assert await fresh_db.outbox.enqueue([LEAVES], "alert", kind="staff") == 1
