"""'Did you mean' never corrects a plain word of the person's language, and never into a
word of the other Latin-script language (issue 20)."""

from __future__ import annotations

import pytest

from cagbot.lexicon import Lexicon
from cagbot.search import SearchEngine, plainwords
from cagbot.search.plainwords import correction_allowed, is_plain
from tests.search.conftest import make_post


@pytest.mark.parametrize(
    ("word", "language"),
    [
        ("jobb", "sv"),
        ("studenter", "sv"),  # inflected: through the lemma "student"
        ("kvinnor", "sv"),  # "kvinna"
        ("flickan", "sv"),
        ("volontar", "sv"),  # typed without ä
        ("market", "en"),
        ("летом", "ru"),
        ("студентка", "ru"),
    ],
)
def test_plain_words(word: str, language: str) -> None:
    assert is_plain(word, language)


@pytest.mark.parametrize(
    ("word", "language"),
    [
        ("praktk", "sv"),
        ("volunter", "en"),
        ("internhsip", "en"),
        ("сажировка", "ru"),
        ("jobb", "en"),  # Swedish, not English
        ("летом", "sv"),  # wrong script for the language
    ],
)
def test_typos_and_other_languages_are_not_plain(word: str, language: str) -> None:
    assert not is_plain(word, language)


def test_what_may_be_corrected() -> None:
    assert correction_allowed("volunter", "volunteer", "en")
    assert correction_allowed("praktk", "praktik", "sv")
    assert correction_allowed("сажировка", "стажировка", "ru")
    assert not correction_allowed("jobb", "job", "sv")  # a Swedish word: no typo
    assert not correction_allowed("летом", "led", "ru")  # another script
    # A typo is corrected into a word of the person's language, not of the other one.
    assert correction_allowed("resiedns", "residens", "sv")
    assert not correction_allowed("resiedns", "residence", "sv")


@pytest.fixture
def engine(lexicon: Lexicon) -> SearchEngine:
    return SearchEngine.from_posts(
        [
            make_post(1, "An article about the office", "Help with our newsletter."),
            make_post(2, "Volunteer in Malmö", "Join the volunteers."),
        ],
        lexicon,
    )


def test_a_swedish_word_is_not_corrected_into_english(engine: SearchEngine) -> None:
    # "artikel" is one transposition from "article", but for a Swedish user it is Swedish.
    assert engine.search("artikel", language="sv").suggestion is None
    # A real typo still gets its correction.
    assert engine.search("artcile", language="en").suggestion == "article"
    assert engine.search("artikel", language="en").suggestion == "article"


def test_warm_reads_every_word_list_once() -> None:
    plainwords._known.cache_clear()
    plainwords.warm()
    assert plainwords._known.cache_info().currsize == 3
    assert plainwords.is_plain("studenter", "sv")  # answered from the lists read in warm()
    assert plainwords._known.cache_info().misses == 3
