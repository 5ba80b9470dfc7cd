"""A query also searched in the other languages through machine translation (issue 20),
against the loopback LibreTranslate stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from cagbot.lexicon import load_lexicon
from cagbot.search import SearchEngine, merged
from cagbot.translate import LibreTranslate
from cagbot.translate.fake import FakeTranslate
from cagbot.translate.query import QueryTranslator
from tests.search.conftest import make_post

# Words no lexicon entry bridges: only the translation can reach the English post.
QUERY = "велосипедные дорожки в Бишкеке"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTranslate]:
    service = FakeTranslate(
        answers={
            (QUERY, "en"): "bicycle lanes in Bishkek",
            (QUERY, "sv"): "cykelbanor i Bisjkek",
        }
    )
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


@pytest.fixture
async def translator(fake: FakeTranslate) -> AsyncIterator[QueryTranslator]:
    client = LibreTranslate(fake.url)
    try:
        yield QueryTranslator(client, ("sv", "en", "ru"))
    finally:
        await client.close()


async def test_a_cyrillic_query_is_translated_into_the_others_once(
    fake: FakeTranslate, translator: QueryTranslator
) -> None:
    variants = await translator.variants(QUERY)
    assert variants == ("cykelbanor i Bisjkek", "bicycle lanes in Bishkek")
    assert sorted(request["target"] for request in fake.requests) == ["en", "sv"]
    assert {request["source"] for request in fake.requests} == {"auto"}
    assert await translator.variants(QUERY) == variants
    assert len(fake.requests) == 2  # cached


async def test_a_failing_service_leaves_the_query_as_it_is(
    fake: FakeTranslate, translator: QueryTranslator
) -> None:
    fake.fail_with = 503
    assert await translator.variants(QUERY) == ()
    fake.fail_with = None
    assert await translator.variants(QUERY)  # not cached as empty: asked again


async def test_cross_language_query_finds_the_post_through_its_translation(
    translator: QueryTranslator,
) -> None:
    engine = SearchEngine.from_posts(
        [
            make_post(1, "New bicycle lanes in Bishkek", "The city paints them this summer."),
            make_post(2, "Internship in Osh", "Apply now."),
        ],
        load_lexicon(),
    )
    own = engine.search(QUERY)
    assert own.hits == ()
    answer = merged(own, [engine.search(v) for v in await translator.variants(QUERY)], 3)
    assert [hit.post_id for hit in answer.hits] == [1]
    assert not answer.partial
    assert answer.unknown == ()


def test_the_querys_own_hits_come_first() -> None:
    engine = SearchEngine.from_posts(
        [make_post(1, "Internship in Osh"), make_post(2, "Praktik i Osh", language="sv")],
        load_lexicon(),
    )
    own = engine.search("internship osh", limit=1)
    other = engine.search("praktik osh")
    answer = merged(own, [other], 3)
    assert answer.hits[0] == own.hits[0]
    assert len({hit.post_id for hit in answer.hits}) == len(answer.hits)
