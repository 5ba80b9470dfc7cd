"""What machine translation still has to do: each title and summary a reader would see in a
foreign language, skipping what a person translated, a curated call title and what is
cached; one text shared by two posts asked once; translations of texts no post has pruned."""

from __future__ import annotations

from cagbot.models import OpportunityDetails, PostDraft, Version
from cagbot.store import Store


def draft(key: str, title: str, summary: str = "", **fields: object) -> PostDraft:
    return PostDraft(key=key, title=title, summary=summary, language="sv", source="t", **fields)  # type: ignore[arg-type]


async def add(store: Store, post: PostDraft) -> int:
    added = await store.posts.upsert(post)
    assert added.post_id is not None
    return added.post_id


async def test_titles_and_summaries_each_target_language_lacks(fresh_db: Store) -> None:
    first = await add(fresh_db, draft("a", "Läger", "Om lägret"))
    newer = await add(fresh_db, draft("b", "Kurs"))  # no summary: nothing to translate of it
    found = await fresh_db.translations.missing(["en", "ru", "sv"], limit=10)
    assert [(p.post_id, p.field, p.target_language) for p in found] == [
        (newer, "title", "en"),
        (newer, "title", "ru"),
        (first, "title", "en"),  # newest post first, title before summary
        (first, "title", "ru"),
        (first, "summary", "en"),
        (first, "summary", "ru"),
    ]
    assert {p.source_language for p in found} == {"sv"}
    assert found[-1].source_text == "Om lägret"
    assert len(await fresh_db.translations.missing(["en", "ru"], limit=3)) == 3
    assert await fresh_db.translations.missing([], limit=10) == []


async def test_a_persons_version_a_curated_title_and_the_cache_are_not_asked_again(
    fresh_db: Store,
) -> None:
    await add(fresh_db, draft("a", "Läger", "Om lägret", versions={"ru": Version(title="Лагерь")}))
    call = OpportunityDetails(type="internship", titles={"en": "Internship"})
    await add(fresh_db, draft("b", "Praktik", kind="opportunity", opportunity=call))
    await fresh_db.translations.put("sv", "en", "Om lägret", "About the camp")
    found = {
        (p.source_text, p.target_language)
        for p in await fresh_db.translations.missing(["en", "ru"], 10)
    }
    assert found == {("Läger", "en"), ("Om lägret", "ru"), ("Praktik", "ru")}


async def test_one_text_of_two_posts_is_asked_once(fresh_db: Store) -> None:
    await add(fresh_db, draft("a", "Nyheter", url="https://a.example/1"))
    await add(fresh_db, draft("b", "Nyheter", url="https://a.example/2"))
    assert len(await fresh_db.translations.missing(["en"], limit=10)) == 1


async def test_put_replaces_and_prune_forgets_texts_no_post_has(fresh_db: Store) -> None:
    await add(fresh_db, draft("a", "Läger"))
    # The same words in a post of another language are not the Swedish text's source.
    await add(
        fresh_db, PostDraft(key="r", title="Borttaget", summary="", language="ru", source="t")
    )
    translations = fresh_db.translations
    await translations.put("sv", "en", "Läger", "Kamp")
    await translations.put("sv", "en", "Läger", "Camp")  # a better one: replaced, not added
    await translations.put("sv", "en", "Borttaget", "Removed")
    assert await translations.count() == 2
    assert await translations.prune() == 1
    assert await translations.count() == 1
    row = await fresh_db.db.fetchone("SELECT text FROM translations")
    assert row is not None
    assert row[0] == "Camp"
