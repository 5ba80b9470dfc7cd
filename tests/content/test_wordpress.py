"""WordPress import end to end against a loopback fake site serving real REST responses."""

from __future__ import annotations

import copy
from pathlib import Path

from cagbot.content.importer import import_site
from cagbot.content.wordpress import is_site, read_site
from cagbot.store import Store
from tests.content.wp_site import FakeWordPress, running

FEED = Path(__file__).parent / "fixtures" / "wordpress.xml"
BOKO = "https://click9ja.com/2019/01/02/boko-haram-attacks-in-borno-getting-worse-gov-shettima-raises-alarm/"
IMAGE = "https://click9ja.com/wp-content/uploads/2019/01/Boko-Haram-Attacks-In-Borno-Getting-Worse-Gov-Shettima-Raises-Alarm.jpg"
GEZA_EN = "https://geza-anda.ch/itc_cpt_news/news-2023-06-12-in-touch-with-talent-christmas-magic-in-june/"


def test_a_site_root_takes_the_wordpress_path() -> None:
    assert is_site("https://centralasien.org/")
    assert is_site("https://centralasien.org")
    assert not is_site("https://centralasien.org/feed/")
    assert not is_site("https://centralasien.org/?feed=rss2")
    assert not is_site("/tmp/listing.txt")


async def test_backfill_reads_every_page_with_images_terms_languages_translations(
    fresh_db: Store,
) -> None:
    site = FakeWordPress()
    async with running(site) as url:
        report, poll = await import_site(fresh_db, url, per_page=2)
    assert poll.pages == 3  # 5 posts, 2 a page: X-WP-TotalPages read and followed
    assert report.added == 5
    assert sum(1 for request in site.requests if request.startswith("posts?")) == 3
    posts = {post.url: post for post in await fresh_db.posts.all()}
    boko = posts[BOKO]
    assert boko.image == IMAGE  # the embedded featured media, full size
    assert boko.guid == "https://click9ja.com/?p=16483"  # the post id, as its feed has it
    assert boko.published is not None
    assert boko.published.isoformat().startswith("2019-01-02T08")
    assert "peace" not in boko.topics  # "peace" is in the content, not the excerpt
    english = posts[GEZA_EN]
    assert english.language == "en"  # WPML en_US
    assert set(english.translation_links) == {"fr", "de"}
    assert english.translation_links["de"].startswith("https://geza-anda.ch/de/")
    assert {post.language for post in posts.values()} == {"en", "fr", "de"}
    assert poll.watermark == "2023-06-15T11:59:21"


async def test_the_api_is_found_through_the_page_head_too(fresh_db: Store) -> None:
    site = FakeWordPress(announce="html")
    async with running(site) as url:
        report, _ = await import_site(fresh_db, url)
    assert report.added == 5


async def test_polling_asks_only_for_changes_and_an_unchanged_site_answers_304(
    fresh_db: Store,
) -> None:
    site = FakeWordPress()
    async with running(site) as url:
        _, first = await import_site(fresh_db, url)
        unchanged = await read_site(url, etag=first.etag, watermark=first.watermark)
        assert unchanged.not_modified
        # The editor re-headlines one post: only it comes back, and its old title stays.
        edited = next(p for p in site.posts if p["id"] == 16480)
        old_title = "No Serious Vice President Hawks N10,000, PDP Blast Osinbajo"
        edited["title"] = {"rendered": "PDP: no serious vice president hawks N10,000"}
        edited["modified_gmt"] = "2024-01-01T10:00:00"
        report, second = await import_site(
            fresh_db, url, etag=first.etag, watermark=first.watermark
        )
    assert "modified_after=2023-06-15T11:59:21" in site.requests[-1]
    assert (report.updated, report.added) == (1, 0)
    assert second.watermark == "2024-01-01T10:00:00"
    post = next(p for p in await fresh_db.posts.all() if p.guid == "https://click9ja.com/?p=16480")
    assert post.title == "PDP: no serious vice president hawks N10,000"
    assert post.former_titles == (old_title,)
    assert await fresh_db.posts.count() == 5


async def test_polylang_translations_are_linked_by_post_id(fresh_db: Store) -> None:
    site = FakeWordPress()
    for post in site.posts[2:]:
        post.pop("wpml_translations")
        post.pop("wpml_current_locale")
    ids = {"en": 17946, "fr": 17954, "de": 17956}
    for post, language in zip(site.posts[2:], ids, strict=True):
        post["lang"] = language
        post["translations"] = copy.copy(ids)
    async with running(site) as url:
        await import_site(fresh_db, url)
    english = next(p for p in await fresh_db.posts.all() if p.url == GEZA_EN)
    assert english.language == "en"
    assert english.translation_links == {
        "de": "https://geza-anda.ch/de/itc_cpt_news/news-2023-06-12-in-touch-with-talent-christmas-magic-in-june/",
        "fr": "https://geza-anda.ch/fr/itc_cpt_news/news-2023-06-12-in-touch-with-talent-christmas-magic-in-june/",
    }


async def test_without_a_rest_api_the_feed_is_read(fresh_db: Store) -> None:
    site = FakeWordPress(announce="none", feed=FEED.read_bytes())
    async with running(site) as url:
        report, _ = await import_site(fresh_db, url)
    assert "feed" in site.requests
    assert not any(request.startswith("posts?") for request in site.requests)
    assert report.added > 0
    assert any("no WordPress REST API" in warning for warning in report.warnings)


async def test_an_unreachable_site_fails_alone(fresh_db: Store) -> None:
    from cagbot.content import import_sources

    report = await import_sources(fresh_db, ["http://127.0.0.1:9/"])
    assert report.failed == 1
    assert "could not fetch" in (report.items[0].reason or "")
