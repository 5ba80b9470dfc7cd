"""How a post is stored (cagbot.store.post_rows): a draft's ``posts`` row, its canonical
form, and the row read back as a Post with its topics, countries and opportunity."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from cagbot.models import OpportunityDetails, PostDraft
from cagbot.store import Store
from cagbot.store.post_rows import POST_COLUMNS, SELECT_POSTS, normal, post_values, row_to_post


def _draft(**changes: object) -> PostDraft:
    base = PostDraft(
        key="camp",
        title="Summer camp",
        summary="In Karakol",
        language="en",
        source="test",
        url="https://example.org/camp",
        published=datetime(2026, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=6))),
        topics=("youth", "culture", "youth"),
        countries=("kg",),
        translation_links={"sv": "https://example.org/sv/camp"},
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_drafts_row_follows_the_column_order_in_utc() -> None:
    values = dict(zip(POST_COLUMNS, post_values(_draft()), strict=True))
    assert (values["key"], values["title"], values["language"]) == ("camp", "Summer camp", "en")
    assert values["published_at"] == "2026-05-01T06:00:00+00:00"
    assert values["translation_links"] == '{"sv": "https://example.org/sv/camp"}'


def test_the_canonical_form_ignores_tag_order_and_naive_times() -> None:
    naive = _draft(published=datetime(2026, 5, 1, 6, 0), topics=("culture", "youth"))
    assert normal(naive) == normal(_draft())
    assert normal(_draft()).topics == ("culture", "youth")
    assert normal(_draft(former_titles=("Summer camp", "Camp"))).former_titles == ("Camp",)


async def test_a_stored_post_reads_back_with_its_children(fresh_db: Store) -> None:
    opportunity = OpportunityDetails(type="exchange", deadline=date(2026, 6, 1))
    await fresh_db.posts.upsert(_draft(kind="opportunity", opportunity=opportunity))
    [row] = await fresh_db.db.fetchall(SELECT_POSTS)
    post = row_to_post(row)
    assert (post.title, post.topics, post.countries) == (
        "Summer camp",
        ("culture", "youth"),
        ("kg",),
    )
    assert post.published == datetime(2026, 5, 1, 6, 0, tzinfo=UTC)
    assert post.opportunity is not None
    assert (post.opportunity.type, post.opportunity.deadline) == ("exchange", date(2026, 6, 1))
    assert post == await fresh_db.posts.get(post.id)
