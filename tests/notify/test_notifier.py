"""The notifier: opportunities, closed ones, reminders before a deadline, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.notify.notifier import Notifier
from cagbot.settings import Settings
from cagbot.store import Store
from tests.notify.conftest import draft, subscribe


@pytest.fixture
async def notifier(fresh_db: Store, settings: Settings) -> Notifier:
    notifier = Notifier(fresh_db, settings, I18n.load(), load_lexicon())
    await notifier.announce_new_posts()  # the first run absorbs the (empty) backlog
    return notifier


async def _old_subscriptions(store: Store) -> None:
    await store.db.connection.execute(
        "UPDATE subscribers SET subscribed_at = '2020-01-01T00:00:00.000Z'"
    )


async def test_an_opportunity_goes_to_everyone_with_alerts_on(
    fresh_db: Store, notifier: Notifier
) -> None:
    await subscribe(fresh_db, 1, language="sv", topics=("gender",))
    await subscribe(fresh_db, 2, language="ru")
    await subscribe(fresh_db, 3, opportunity_alerts=False)
    await _old_subscriptions(fresh_db)
    await fresh_db.posts.upsert(draft("Internship in Osh", deadline_in_days=30))
    await fresh_db.posts.upsert(draft("Closed internship", deadline_in_days=-1))
    report = await notifier.announce_new_posts()
    assert (report.posts, report.deliveries, report.skipped) == (2, 2, 1)
    rows = await fresh_db.db.fetchall(
        "SELECT o.chat_id, m.language, m.text FROM outbox o "
        "JOIN outbox_messages m ON m.id = o.message_id ORDER BY o.chat_id"
    )
    assert [(row[0], row[1]) for row in rows] == [(1, "sv"), (2, "ru")]
    assert all("Internship in Osh" in row[2] for row in rows)
    assert (await notifier.announce_new_posts()).deliveries == 0


async def test_reminders_are_sent_three_days_before_the_deadline_once(
    fresh_db: Store, notifier: Notifier
) -> None:
    await subscribe(fresh_db, 7, language="ru")
    await subscribe(fresh_db, 8)
    soon = (await fresh_db.posts.upsert(draft("Exchange in Bishkek", deadline_in_days=2))).post_id
    later = (await fresh_db.posts.upsert(draft("Residency", deadline_in_days=10))).post_id
    assert soon is not None
    assert later is not None
    assert await fresh_db.reminders.add(7, soon)
    assert not await fresh_db.reminders.add(7, soon)
    assert await fresh_db.reminders.add(8, later)
    assert not await fresh_db.reminders.add(999, soon)  # an unknown chat
    today = datetime.now(UTC).date()
    assert await notifier.send_reminders(today) == 1
    assert await notifier.send_reminders(today) == 0
    row = await fresh_db.db.fetchone(
        "SELECT o.chat_id, m.text FROM outbox o JOIN outbox_messages m ON m.id = o.message_id"
        " WHERE m.kind = 'reminder'"
    )
    assert row is not None
    assert row[0] == 7
    assert "2" in row[1]
    # A week later the other one is due.
    assert await notifier.send_reminders(today + timedelta(days=7)) == 1
