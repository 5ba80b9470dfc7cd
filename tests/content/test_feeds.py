from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cagbot.content.feeds import looks_like_feed, parse_feed
from cagbot.content.parsing import SourceError

FIXTURES = Path(__file__).parent / "fixtures"


def test_wordpress_feed() -> None:
    result = parse_feed((FIXTURES / "wordpress.xml").read_bytes(), "https://centralasien.se/feed/")
    drafts = {draft.title: draft for draft in result.drafts}
    residence = drafts["Residence for Climate activist in Kyrgyzstan"]
    assert residence.language == "en"  # the [English] marker
    assert residence.guid == "https://centralasien.se/?p=4711"
    assert residence.url == "https://centralasien.se/residence-for-climate-activist/"
    assert residence.published == datetime(2019, 10, 14, 9, 12, tzinfo=UTC)
    # HTML, "[…]" and WordPress's "The post … appeared first on …" are gone.
    assert residence.summary.endswith("the activist…")
    assert "<" not in residence.summary
    assert "appeared first" not in residence.summary
    assert result.posts[0].hints == ("Klimat", "Kyrgyzstan")


def test_missing_guid_date_title_and_link() -> None:
    result = parse_feed((FIXTURES / "wordpress.xml").read_bytes(), "feed")
    drafts = {draft.title: draft for draft in result.drafts}
    osh = drafts["Fem dagar i Osh, Kirgizistan"]
    assert (osh.guid, osh.published, osh.language) == (None, None, "sv")
    assert osh.url == "https://centralasien.se/fem-dagar-i-osh/"
    assert osh.summary.endswith("Novi Ritms hus…")  # "… Läs mer" link dropped
    bare = drafts["Molodezh i mir: an item with neither link nor guid"]
    assert (bare.guid, bare.url) == (None, None)
    assert bare.key == "molodezh i mir an item with neither link nor guid"
    assert "&" in bare.summary
    assert "&amp;" not in bare.summary
    assert [(item.title, item.reason) for item in result.skipped] == [
        ("https://centralasien.se/utan-titel/", "feed item has no title")
    ]


def test_atom_feed() -> None:
    (draft,) = parse_feed((FIXTURES / "atom.xml").read_text(encoding="utf-8"), "atom").drafts
    assert draft.language == "ru"
    assert draft.title == "Молодёжный обмен в Оше: ищем участников"
    assert draft.guid == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"


def test_a_string_that_looks_like_a_url_is_data_not_fetched() -> None:
    with pytest.raises(SourceError):
        parse_feed("https://example.invalid/feed/", "x")


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"<html><body>hi</body></html>", b"\x00\x01garbage"],
)
def test_unreadable_feeds_raise_source_error(data: bytes) -> None:
    with pytest.raises(SourceError):
        parse_feed(data, "x")


def test_truncated_feed_reports_the_broken_item() -> None:
    result = parse_feed(b"<rss version='2.0'><channel><item><title>broken", "x")
    assert result.posts == []
    assert [item.reason for item in result.skipped] == ["feed item has no title"]
    assert "not well-formed" in result.warnings[0]


def test_feed_without_items_is_empty_with_a_warning() -> None:
    result = parse_feed(b"<rss version='2.0'><channel><title>t</title></channel></rss>", "x")
    assert result.posts == []
    assert result.warnings == ["the feed has no items"]


def test_lenient_on_a_feed_with_an_error_after_its_items() -> None:
    data = (FIXTURES / "wordpress.xml").read_bytes().replace(b"</channel>", b"<junk></channel>")
    result = parse_feed(data, "x")
    assert len(result.posts) == 3
    assert result.warnings
    assert "not well-formed" in result.warnings[0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0">', True),
        (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>", True),
        (b"<?xml version='1.0'?><!-- generator --><rdf:RDF>", True),
        (b"<!DOCTYPE html><html>", False),
        (b"Fem dagar i Osh\n\nI slutet av april", False),
    ],
)
def test_looks_like_feed(data: bytes, expected: bool) -> None:
    assert looks_like_feed(data) is expected
