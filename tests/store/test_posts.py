from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cagbot.models import OpportunityDetails, Post, PostDraft, Version
from cagbot.store import Store
from cagbot.store.posts import PostStore

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def draft(key: str = "a", **changes: object) -> PostDraft:
    base = PostDraft(
        key=key,
        title=f"Title {key}",
        summary="Summary",
        language="en",
        source="test",
        topics=("climate", "gender"),
        countries=("kg",),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


async def test_upsert_adds_then_leaves_identical_records_unchanged(fresh_db: Store) -> None:
    first = await fresh_db.posts.upsert(draft())
    again = await fresh_db.posts.upsert(draft(topics=("gender", "climate")))
    assert first.outcome == "added"
    assert again.outcome == "unchanged"
    assert again.post_id == first.post_id
    assert await fresh_db.posts.count() == 1


async def test_upsert_updates_children_with_the_record(fresh_db: Store) -> None:
    await fresh_db.posts.upsert(draft())
    result = await fresh_db.posts.upsert(draft(summary="Longer summary", topics=("peace",)))
    assert result.outcome == "updated"
    assert result.post_id is not None
    post = await fresh_db.posts.get(result.post_id)
    assert post is not None
    assert post.summary == "Longer summary"
    assert post.topics == ("peace",)


async def test_found_by_guid_before_key(fresh_db: Store) -> None:
    await fresh_db.posts.upsert(draft(key="old-title", guid="https://x/?p=1"))
    result = await fresh_db.posts.upsert(draft(key="new-title", guid="https://x/?p=1"))
    assert result.outcome == "updated"
    assert await fresh_db.posts.count() == 1


async def test_merge_function_decides_the_stored_version(fresh_db: Store) -> None:
    def keep_longest(existing: Post, new: PostDraft) -> PostDraft:
        return new if len(new.summary) > len(existing.summary) else existing.as_draft()

    await fresh_db.posts.upsert(draft(summary="a long summary"), keep_longest)
    result = await fresh_db.posts.upsert(draft(summary="short"), keep_longest)
    assert result.outcome == "unchanged"


async def test_a_failing_record_in_a_batch_is_rolled_back_alone(fresh_db: Store) -> None:
    bad = draft("bad", title="")  # violates CHECK (length(title) > 0)
    results = await fresh_db.posts.upsert_many([draft("a"), bad, draft("b")])
    assert [r.outcome for r in results] == ["added", None, "added"]
    assert results[1].error is not None
    assert await fresh_db.posts.count() == 2
    orphans = await fresh_db.db.fetchall(
        "SELECT * FROM post_topics WHERE post_id NOT IN (SELECT id FROM posts)"
    )
    assert orphans == []


async def test_opportunities_open_on_a_day(fresh_db: Store) -> None:
    def opportunity(key: str, **details: object) -> PostDraft:
        return draft(key, kind="opportunity", opportunity=OpportunityDetails(**details))  # type: ignore[arg-type]

    await fresh_db.posts.upsert_many(
        [
            opportunity("open", type="internship", deadline=date(2027, 3, 1)),
            replace(
                opportunity("no-deadline", type="residency"),
                published=datetime(2026, 11, 1, tzinfo=UTC),
            ),
            replace(
                opportunity("too-old", type="residency"),
                published=datetime(2026, 1, 1, tzinfo=UTC),
            ),
            opportunity("undated", type="grant"),
            opportunity("curated", type="course", titles={"en": "Title curated"}),
            opportunity("past", type="internship", deadline=date(2026, 1, 1)),
            opportunity("closed", type="exchange", is_open=False, titles={"ru": "Обмен"}),
            draft("plain-post"),
        ]
    )
    day = date(2026, 11, 21)
    open_now = await fresh_db.posts.opportunities(open_on=day)
    assert [post.key for post in open_now] == ["open", "no-deadline", "curated"]
    # Undated and stating no deadline: its import time says nothing; never counted open.
    unknown = await fresh_db.posts.opportunities(open_on=day, status="unknown")
    assert [post.key for post in unknown] == ["undated"]
    stored = {post.key: post for post in await fresh_db.posts.opportunities()}
    assert {key for key, post in stored.items() if post.call_status(day) == "open"} == {
        post.key for post in open_now
    }
    assert {key for key, post in stored.items() if post.call_status(day) == "unknown"} == {
        "undated"
    }
    internships = await fresh_db.posts.opportunities(type="internship")
    assert {post.key for post in internships} == {"open", "past"}
    everything = await fresh_db.posts.opportunities()
    closed = next(post for post in everything if post.key == "closed")
    assert closed.title_in("ru") == "Обмен"
    assert closed.title_in("sv") == "Title closed"


async def test_latest_orders_by_publication_then_import(fresh_db: Store) -> None:
    await fresh_db.posts.upsert_many(
        [
            draft("old", published=datetime(2019, 1, 1, tzinfo=UTC)),
            draft("new", published=datetime(2024, 1, 1, tzinfo=UTC)),
            draft("sv", language="sv", published=datetime(2023, 1, 1, tzinfo=UTC)),
        ]
    )
    assert [p.key for p in await fresh_db.posts.latest(limit=10)] == ["new", "sv", "old"]
    assert [p.key for p in await fresh_db.posts.latest(limit=1, offset=1)] == ["sv"]
    only_en = await fresh_db.posts.latest(limit=10, languages=["en"])
    assert [p.key for p in only_en] == ["new", "old"]
    assert [p.key for p in await fresh_db.posts.get_many([3, 1, 99])] == ["sv", "old"]


async def test_versions_are_stored_replaced_and_removed_with_the_post(fresh_db: Store) -> None:
    from cagbot.models import Version

    ru = Version(title="Заголовок", summary="Кратко", location="Ош, Кыргызстан")
    added = await fresh_db.posts.upsert(draft(versions={"ru": ru}))
    assert added.post_id is not None
    post = await fresh_db.posts.get(added.post_id)
    assert post is not None
    assert post.versions == {"ru": ru}
    assert post.text_for("ru").location == "Ош, Кыргызстан"
    same = await fresh_db.posts.upsert(draft(versions={"ru": ru}))
    assert same.outcome == "unchanged"
    sv = Version(title="Rubrik")
    changed = await fresh_db.posts.upsert(draft(versions={"sv": sv}))
    assert changed.outcome == "updated"
    post = await fresh_db.posts.get(added.post_id)
    assert post is not None
    assert post.versions == {"sv": sv}
    (listed,) = await fresh_db.posts.latest(limit=5)
    assert listed.versions == {"sv": sv}


async def test_cached_machine_translations_attach_to_the_posts_they_translate(
    fresh_db: Store,
) -> None:
    added = await fresh_db.posts.upsert(draft())
    assert added.post_id is not None
    await fresh_db.translations.put("en", "ru", "Title a", "Заголовок а")
    await fresh_db.translations.put("en", "ru", "Summary", "Кратко")
    post = await fresh_db.posts.get(added.post_id)
    assert post is not None
    assert post.translations["ru"].title == "Заголовок а"
    assert post.translations["ru"].summary == "Кратко"
    assert post.text_for("ru").machine == "en"
    # an edited original is a new source: the old translation no longer applies
    await fresh_db.posts.upsert(draft(summary="A longer, edited summary"))
    post = await fresh_db.posts.get(added.post_id)
    assert post is not None
    assert post.translations["ru"].summary is None
    assert await fresh_db.translations.prune() == 1


async def test_a_batch_gives_what_one_by_one_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Versions of one post inside one batch (same guid, same key, same URL), a second
    # "Annual meeting" that needs a free key, and an update of a stored post.
    drafts = [
        draft("a", guid="g1", summary="first"),
        draft("b", url="https://x/b"),
        draft("a", guid="g1", summary="first, longer"),
        draft("c", title="Annual meeting", published=datetime(2024, 5, 1, tzinfo=UTC)),
        draft("c", title="Annual meeting", url="https://y/c",
              published=datetime(2025, 5, 1, tzinfo=UTC)),
        draft("d", url="https://x/b", summary="the same post by its link"),
        draft("stored", summary="changed since"),
        draft("e", topics=(), countries=(), versions={"ru": Version(title="Т", summary="С")}),
    ]  # fmt: skip
    outcomes = []
    for name, batched in (("batched", True), ("single", False)):
        store = await Store.open(tmp_path / f"{name}.db")
        await store.posts.upsert(draft("stored"))
        if batched:
            with monkeypatch.context() as patch:  # the batch path, not record by record
                patch.setattr(PostStore, "_upsert_one", None)
                results = await store.posts.upsert_many(drafts)
        else:
            results = [await store.posts.upsert(d) for d in drafts]
        posts = [replace(p, created_at=EPOCH, updated_at=EPOCH) for p in await store.posts.all()]
        outcomes.append(([(r.outcome, r.post_id) for r in results], posts))
        await store.close()
    assert outcomes[0] == outcomes[1]
    assert [outcome for outcome, _ in outcomes[0][0]] == [
        "added", "added", "updated", "added", "updated", "updated", "updated", "added",
    ]  # fmt: skip


async def test_russian_only_lists_leave_other_cyrillic_languages_out(fresh_db: Store) -> None:
    for key, language in (("a", "ru"), ("b", "ky"), ("c", "uk")):
        draft = PostDraft(key=key, title=key, summary="", language=language, source="s")
        await fresh_db.posts.upsert(draft)
    only_ru = await fresh_db.posts.latest(limit=10, languages=["ru"])
    assert [post.language for post in only_ru] == ["ru"]
    assert len(await fresh_db.posts.latest(limit=10)) == 3
