"""Machine translation end to end against a loopback fake LibreTranslate: translated once,
cached, labelled, replaced by a person's version, and harmless when the service fails."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.models import PostDraft, Version
from cagbot.settings import LANGUAGES
from cagbot.store import Store
from cagbot.translate import LibreTranslate, TranslationJob
from cagbot.translate.fake import FakeTranslate
from cagbot.views import post_block

TODAY = date(2026, 9, 1)
POST = PostDraft(
    key="klimatläger i osh",
    title="Klimatläger i Osh",
    summary="Unga aktivister samlas i Osh.",
    language="sv",
    source="test",
)


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n.load()


async def _post_id(store: Store) -> int:
    result = await store.posts.upsert(POST)
    assert result.post_id is not None
    return result.post_id


async def test_missing_texts_are_translated_once_cached_and_labelled(
    fresh_db: Store, fake: FakeTranslate, i18n: I18n
) -> None:
    post_id = await _post_id(fresh_db)
    client = LibreTranslate(fake.url)
    reindexed: list[int] = []

    async def reindex(ids: object) -> None:
        reindexed.extend(ids)  # type: ignore[call-overload]

    job = TranslationJob(fresh_db, client, LANGUAGES, per_minute=600, on_translated=reindex)
    try:
        first = await job.run_once()
        # title and summary into en and ru (sv is the original)
        assert first.translated == 4
        assert len(fake.requests) == 4
        assert reindexed == [post_id]
        again = await job.run_once()
        assert again.translated == 0
        assert len(fake.requests) == 4  # cached: never asked twice
    finally:
        await client.close()
    post = await fresh_db.posts.get(post_id)
    assert post is not None
    text = post_block(i18n.get("ru"), load_lexicon(), post)
    assert "[ru] Klimatläger i Osh" in text
    assert "машинный перевод со шведского" in text
    english = post_block(i18n.get("en"), load_lexicon(), post)
    assert "machine translation from Swedish" in english
    assert "Klimatläger" not in english.replace("[en] Klimatläger", "")
    swedish = post_block(i18n.get("sv"), load_lexicon(), post)
    assert "maskinöversatt" not in swedish  # the original needs no mark


async def test_a_persons_version_replaces_the_machine_translation(
    fresh_db: Store, fake: FakeTranslate, i18n: I18n
) -> None:
    post_id = await _post_id(fresh_db)
    client = LibreTranslate(fake.url)
    try:
        await TranslationJob(fresh_db, client, LANGUAGES, per_minute=600).run_once()
        human = Version(title="Климатический лагерь в Оше", summary="Молодые активисты в Оше.")
        await fresh_db.posts.upsert(replace(POST, versions={"ru": human}))
        post = await fresh_db.posts.get(post_id)
        assert post is not None
        text = post_block(i18n.get("ru"), load_lexicon(), post)
        assert "Климатический лагерь в Оше" in text
        assert "машинный перевод" not in text
        assert "[ru]" not in text
        # nothing left to translate into Russian; English keeps its machine version
        pending = await fresh_db.translations.missing(LANGUAGES, 50)
        assert pending == []
    finally:
        await client.close()


async def test_a_failing_service_leaves_the_original_marked_and_is_retried(
    fresh_db: Store, fake: FakeTranslate, i18n: I18n
) -> None:
    post_id = await _post_id(fresh_db)
    fake.fail_with = 503
    client = LibreTranslate(fake.url)
    job = TranslationJob(fresh_db, client, LANGUAGES, per_minute=600)
    try:
        report = await job.run_once()
        assert report.translated == 0
        assert report.failed == 3  # gives up for this run after three failures in a row
        assert await fresh_db.translations.count() == 0
        post = await fresh_db.posts.get(post_id)
        assert post is not None
        text = post_block(i18n.get("ru"), load_lexicon(), post)
        assert "Klimatläger i Osh" in text
        assert "🌐 на шведском" in text
        fake.fail_with = None  # the service is back: the next run catches up
        assert (await job.run_once()).translated == 4
    finally:
        await client.close()


async def test_an_edited_original_is_translated_again_and_the_stale_text_forgotten(
    fresh_db: Store, fake: FakeTranslate
) -> None:
    await _post_id(fresh_db)
    client = LibreTranslate(fake.url)
    job = TranslationJob(fresh_db, client, LANGUAGES, per_minute=600)
    try:
        await job.run_once()
        assert await fresh_db.translations.count() == 4
        await fresh_db.posts.upsert(replace(POST, summary="Unga aktivister från hela landet."))
        report = await job.run_once()
        assert report.translated == 2  # the new summary, into en and ru
        assert await fresh_db.translations.count() == 4  # the old summary's were pruned
    finally:
        await client.close()
