from __future__ import annotations

from cagbot.search import snippet

TEXT = (
    "Since 2018, CAG has worked within the thematic areas of climate and environment in Central"
    " Asia. This year we are piloting permaculture initiatives among rural communities in"
    " Kyrgyzstan together with our local partner El-Too, which was launched in March."
)


def test_short_text_is_returned_whole() -> None:
    assert snippet("Fem dagar i Osh", ["osh"]) == "Fem dagar i Osh"


def test_excerpt_is_around_the_first_match_and_marks_cuts() -> None:
    excerpt = snippet(TEXT, ["permaculture"], width=80)
    assert "permaculture" in excerpt
    assert excerpt.startswith("…")
    assert len(excerpt) <= 82


def test_match_is_case_insensitive_and_spans_punctuation() -> None:
    excerpt = snippet(TEXT, ["el too"], width=60)
    assert "El-Too" in excerpt


def test_without_a_match_the_excerpt_is_the_start() -> None:
    excerpt = snippet(TEXT, ["bitcoin"], width=60)
    assert excerpt.startswith("Since 2018")
    assert excerpt.endswith("…")
