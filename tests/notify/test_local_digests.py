"""Daily digests arrive at the local hour of each chat's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.notify.notifier import Notifier
from cagbot.settings import Settings
from cagbot.store import Store
from cagbot.timezones import DIGEST_HOUR
from tests.notify.conftest import draft, subscribe

BISHKEK = 1  # a Russian reader: Asia/Bishkek, UTC+6
MALMO = 2  # a Swedish reader: Europe/Stockholm, UTC+2 in September


async def _recipients(store: Store) -> list[int]:
    rows = await store.db.fetchall("SELECT chat_id FROM outbox ORDER BY chat_id")
    return [int(row[0]) for row in rows]


async def test_a_daily_digest_arrives_at_the_local_hour(
    fresh_db: Store, settings: Settings
) -> None:
    notifier = Notifier(fresh_db, settings, I18n.load(), load_lexicon())
    await notifier.announce_new_posts()  # absorbs the empty backlog
    await subscribe(fresh_db, BISHKEK, language="ru", content_languages="all", frequency="daily")
    await subscribe(fresh_db, MALMO, language="sv", content_languages="all", frequency="daily")
    await fresh_db.db.connection.execute(
        "UPDATE subscribers SET subscribed_at = '2020-01-01T00:00:00.000Z'"
    )
    await fresh_db.posts.upsert(draft("Climate camp in Osh"))
    report = await notifier.announce_new_posts()
    assert report.digest_items == 2

    # 01:30 UTC: 07:30 in Bishkek, 03:30 in Malmö: nobody yet
    assert await notifier.run_due_digests(datetime(2026, 9, 2, 1, 30, tzinfo=UTC), 8) == 0
    # 02:05 UTC = 08:05 in Bishkek: the Russian reader's digest, not the Swedish one
    assert await notifier.run_due_digests(datetime(2026, 9, 2, 2, 5, tzinfo=UTC), 8) == 1
    assert await _recipients(fresh_db) == [BISHKEK]
    # an hour later, nothing new for Bishkek (once a local day)
    assert await notifier.run_due_digests(datetime(2026, 9, 2, 3, 5, tzinfo=UTC), 8) == 0
    # 06:05 UTC = 08:05 in Malmö
    assert await notifier.run_due_digests(datetime(2026, 9, 2, 6, 5, tzinfo=UTC), 8) == 1
    assert await _recipients(fresh_db) == [BISHKEK, MALMO]
    row = await fresh_db.db.fetchone(
        "SELECT text FROM outbox_messages WHERE kind = 'digest' AND language = 'ru'"
    )
    assert row is not None
    assert "ежедневная сводка" in row[0]


async def test_a_chosen_zone_moves_the_digest(fresh_db: Store, settings: Settings) -> None:
    notifier = Notifier(fresh_db, settings, I18n.load(), load_lexicon())
    await notifier.announce_new_posts()
    await subscribe(fresh_db, MALMO, language="sv", content_languages="all", frequency="daily")
    await fresh_db.subscribers.set_time_zone(MALMO, "Asia/Bishkek")  # a volunteer in Osh
    await fresh_db.db.connection.execute(
        "UPDATE subscribers SET subscribed_at = '2020-01-01T00:00:00.000Z'"
    )
    await fresh_db.posts.upsert(draft("Climate camp in Osh"))
    await notifier.announce_new_posts()
    moment = datetime(2026, 9, 2, 2, 5, tzinfo=UTC)  # 08:05 Bishkek, 04:05 Stockholm
    assert await notifier.run_due_digests(moment, DIGEST_HOUR) == 1


async def test_only_my_language_includes_posts_people_translated_into_it(
    fresh_db: Store, settings: Settings
) -> None:
    from dataclasses import replace

    from cagbot.models import Version

    notifier = Notifier(fresh_db, settings, I18n.load(), load_lexicon())
    await notifier.announce_new_posts()
    await subscribe(fresh_db, BISHKEK, language="ru", content_languages="mine")
    await fresh_db.db.connection.execute(
        "UPDATE subscribers SET subscribed_at = '2020-01-01T00:00:00.000Z'"
    )
    await fresh_db.posts.upsert(draft("English only"))
    translated = replace(
        draft("Translated camp"), versions={"ru": Version(title="Лагерь", summary="О лагере")}
    )
    await fresh_db.posts.upsert(translated)
    report = await notifier.announce_new_posts()
    assert report.deliveries == 1
    row = await fresh_db.db.fetchone(
        "SELECT m.text FROM outbox o JOIN outbox_messages m ON m.id = o.message_id"
        " WHERE o.chat_id = ?",
        (BISHKEK,),
    )
    assert row is not None
    assert "Лагерь" in row[0]
