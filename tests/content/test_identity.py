"""Identity: guid, then canonical URL; a title is a hint within one site and one week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cagbot.content.identity import canonical_url, same_post
from cagbot.content.identity import same_post as identity
from cagbot.content.importer import import_sources
from cagbot.content.merge import merge
from cagbot.models import Post, PostDraft
from cagbot.store import Store
from cagbot.store.database import migrations

DAY = datetime(2021, 5, 3, 9, tzinfo=UTC)


def _draft(title: str = "Annual meeting", **changes: object) -> PostDraft:
    values: dict[str, object] = {
        "key": title.casefold(),
        "title": title,
        "summary": f"{title}: the summary.",
        "language": "en",
        "source": "feed",
    }
    values.update(changes)
    return PostDraft(**values)  # type: ignore[arg-type]


def _post(draft: PostDraft) -> Post:
    return Post(
        id=1, key=draft.key, title=draft.title, summary=draft.summary, language=draft.language,
        source=draft.source, kind=draft.kind, url=draft.url, guid=draft.guid,
        published=draft.published, topics=(), countries=(), opportunity=None, created_at=DAY,
        updated_at=DAY,
    )  # fmt: skip


def test_canonical_urls_resolve_relative_links_and_drop_what_does_not_identify() -> None:
    assert canonical_url("/2008/09/fem-dagar/", "https://centralasien.org/feed/") == (
        "https://centralasien.org/2008/09/fem-dagar/"
    )
    assert canonical_url("HTTPS://CentralAsien.org/a?utm_source=x&id=2#top") == (
        "https://centralasien.org/a?id=2"
    )
    assert canonical_url("javascript:alert(1)") is None
    assert canonical_url("mailto:info@centralasien.se") is None
    assert canonical_url("") is None


def test_the_same_title_a_year_apart_is_two_posts() -> None:
    old = _draft(url="https://cag.org/2021/annual-meeting/", published=DAY)
    new = _draft(url="https://cag.org/2022/annual-meeting/", published=DAY + timedelta(days=365))
    assert not same_post(_post(old), new)


def test_two_links_with_two_dates_never_merge_even_a_day_apart() -> None:
    old = _draft(url="https://cag.org/a/", published=DAY)
    new = _draft(url="https://cag.org/b/", published=DAY + timedelta(days=1))
    assert not same_post(_post(old), new)


def test_a_title_is_a_hint_only_within_one_site() -> None:
    old = _draft(url="https://cag.org/a/", published=DAY)
    assert not same_post(_post(old), _draft(url="https://other.org/a/", published=DAY))
    # A listing entry (no link) and the feed item of the same week are one post.
    assert same_post(_post(_draft(published=DAY)), _draft(url="https://cag.org/a/"))
    assert same_post(_post(old), _draft(published=DAY + timedelta(days=3)))
    assert not same_post(_post(old), _draft(published=DAY + timedelta(days=30)))


def test_guid_then_url_decide_before_any_title() -> None:
    stored = _post(_draft(guid="g-1", url="https://cag.org/a/"))
    assert same_post(stored, _draft("Another headline", guid="g-1"))
    assert not same_post(stored, _draft(guid="g-2", url="https://cag.org/a/"))
    assert same_post(stored, _draft("Another headline", url="https://cag.org/a/"))


async def test_the_store_keeps_two_same_titled_posts_and_every_headline(fresh_db: Store) -> None:
    first = _draft(url="https://cag.org/2021/m/", published=DAY)
    second = _draft(url="https://cag.org/2022/m/", published=DAY + timedelta(days=365))
    assert (await fresh_db.posts.upsert(first, merge, identity)).outcome == "added"
    assert (await fresh_db.posts.upsert(second, merge, identity)).outcome == "added"
    posts = await fresh_db.posts.all()
    assert [post.url for post in posts] == ["https://cag.org/2021/m/", "https://cag.org/2022/m/"]
    assert len({post.key for post in posts}) == 2  # the second one's key carries its date
    renamed = _draft("Annual meeting 2022: minutes", url="https://cag.org/2022/m/")
    assert (await fresh_db.posts.upsert(renamed, merge, identity)).outcome == "updated"
    again = await fresh_db.posts.get(posts[1].id)
    assert again is not None
    assert again.url == "https://cag.org/2022/m/"
    assert {again.title, *again.former_titles} == {"Annual meeting", "Annual meeting 2022: minutes"}
    # Found again by the old headline as well as the new one.
    found = await fresh_db.posts.find(_draft(published=DAY + timedelta(days=366)), identity)
    assert found is not None
    assert found.id == again.id


async def test_relative_feed_links_are_stored_absolute(fresh_db: Store, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>CAG</title>
<link>https://centralasien.org/</link>
<item><title>Fem dagar i Osh</title><link>/2008/09/fem-dagar/</link>
<description>Fem dagar i Osh med Novi Ritm.</description></item>
<item><title>Bad link</title><link>javascript:alert(1)</link><description>x</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    await import_sources(fresh_db, [feed])
    urls = {post.title: post.url for post in await fresh_db.posts.all()}
    assert urls == {
        "Fem dagar i Osh": "https://centralasien.org/2008/09/fem-dagar/",
        "Bad link": None,
    }


async def test_the_migration_admits_real_language_codes_and_every_call_type(
    fresh_db: Store,
) -> None:
    assert await fresh_db.db.user_version() == len(migrations())
    from cagbot.models import OpportunityDetails

    kyrgyz = _draft("Жаштар демилгелери", language="ky", kind="opportunity",
                    opportunity=OpportunityDetails(type="grant"))  # fmt: skip
    result = await fresh_db.posts.upsert(kyrgyz)
    assert result.outcome == "added"
    stored = await fresh_db.posts.get(result.post_id or 0)
    assert stored is not None
    assert (stored.language, stored.opportunity and stored.opportunity.type) == ("ky", "grant")
    assert await fresh_db.db.integrity_check() == "ok"


async def test_a_post_is_found_by_a_headline_it_no_longer_has(fresh_db: Store) -> None:
    from cagbot.lexicon import load_lexicon
    from cagbot.search import SearchEngine

    first = _draft("Permaculture in Issyk-Kul villages", url="https://cag.org/p/")
    await fresh_db.posts.upsert(first, merge, identity)
    renamed = _draft(
        "Women-led kitchen gardens: part 1",
        url="https://cag.org/p/",
        summary="A longer text: women in semi-desert villages grow food in kitchen gardens.",
    )
    await fresh_db.posts.upsert(renamed, merge, identity)
    (post,) = await fresh_db.posts.all()
    assert post.title == "Women-led kitchen gardens: part 1"
    assert post.former_titles == ("Permaculture in Issyk-Kul villages",)
    engine = SearchEngine.from_posts(await fresh_db.posts.all(), load_lexicon())
    hits = engine.search("permaculture issyk-kul").hits
    assert [hit.post_id for hit in hits] == [1]
