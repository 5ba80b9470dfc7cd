from __future__ import annotations

from cagbot.search.turkic import bases


def test_kyrgyz_endings_come_off_one_at_a_time() -> None:
    assert bases("бишкекте")[0] == "бишкек"
    assert "укук" in bases("укуктары")
    assert bases("волонтёрлук")[0] == "волонтёр"
    assert bases("мөңгүлөр")[0] == "мөңгү"
    assert bases("азиядагы")[0] == "азия"
    assert "ош" in bases("оштогу")


def test_latin_spellings_too() -> None:
    assert bases("oshto")[0] == "osh"
    assert bases("volonterluk")[0] == "volonter"


def test_short_words_and_numbers_are_left_alone() -> None:
    assert bases("ош") == ()
    assert bases("2026") == ()
