"""The literal pre-check in :class:`cagbot.content.call_words.Words` is only a short cut:
on every text of the evaluation sets each family answers as the plain one-by-one search."""

from __future__ import annotations

from cagbot.content import call_words
from cagbot.content.call_words import Words
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


def test_a_leading_any_word_prefix_is_not_tried_at_every_position() -> None:
    words = Words((r"\w*(?:ledare|chef)\b",))
    assert words.search("Sökes: Projektledare i Bishkek")
    assert words.search("kökschef")
    assert not words.search("ledarskap och chefer")
