"""The literal pre-check in :class:`cagbot.content.call_words.Words` is only a short cut:
on every text of the evaluation sets each family answers as the plain one-by-one search."""

from __future__ import annotations

import pytest

from cagbot.content import call_words
from cagbot.content.call_words import Words, _literal_start, _literal_starts
from tests.content.realworld_eval import load_fresh, load_items

FAMILIES = [
    *(value for value in vars(call_words).values() if isinstance(value, Words)),
    *(words for _, words in call_words.TYPES),
]


def _slow(words: Words, text: str) -> bool:
    folded = text.casefold()
    return any(words._hits(folded, index) for index in range(len(words.patterns)))


def test_the_short_cut_answers_as_the_full_search_on_every_evaluation_text() -> None:
    texts = [
        part
        for item in (*load_items(), *load_fresh())
        for part in (item.title, item.summary, f"{item.title}. {item.summary}")
    ]
    assert len(texts) > 300
    for words in FAMILIES:
        for text in texts:
            assert words.search(text) == _slow(words, text), (words.sources, text[:80])


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        (r"scholarships?\b", "scholarship"),
        (r"stipendi\w*", "stipendi"),
        (r"financial (?:support|assistance)\b", "financial "),
        (r"vi söker|söker nu", ""),  # either side may match: no common start
        (r"(?:vi|nu)\s+söker\b", ""),
        (r"co-?ordinator", "co"),
        (r"ab{0,2}c", "a"),
    ],
)
def test_the_literal_start_is_one_every_match_has(pattern: str, literal: str) -> None:
    assert _literal_start(pattern) == literal


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"(?:manager|co-?ordinator|officer)\b", ("manager", "co", "officer")),
        (r"(?:volunteer(?:ing)?|internship) application", ("volunteer", "internship")),
        (r"(?:tasks and )?responsibilities\b", ()),  # the group may be absent
        (r"(?:ab)|cd", ()),
        (r"(?:a|[bc]d)e", ()),  # an alternative with no literal start
        (r"stipendi\w*", ("stipendi",)),
    ],
)
def test_a_leading_group_gives_one_literal_per_alternative(
    pattern: str, literals: tuple[str, ...]
) -> None:
    assert _literal_starts(pattern) == literals


def test_a_leading_any_word_prefix_is_not_tried_at_every_position() -> None:
    words = Words((r"\w*(?:ledare|chef)\b",))
    assert words.search("Sökes: Projektledare i Bishkek")
    assert words.search("kökschef")
    assert not words.search("ledarskap och chefer")
