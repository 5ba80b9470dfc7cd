"""The gates of issue 13 on real public items labelled by hand (tests/content/realworld)."""

from __future__ import annotations

import pytest

from tests.content.realworld_eval import (
    CALL_LANGUAGES,
    Item,
    language_errors,
    load_items,
    report,
    score_calls,
    tag_scores,
)

ITEMS = load_items()
PARTS = {
    "development": [item for item in ITEMS if not item.held_out],
    "held-out": [item for item in ITEMS if item.held_out],
}


def test_the_set_is_real_sized_and_labelled() -> None:
    calls = [item for item in ITEMS if item.open_call and item.lang in CALL_LANGUAGES]
    assert len(ITEMS) >= 200
    assert len(calls) >= 30
    assert {item.lang for item in ITEMS} >= {"sv", "en", "ru", "ky", "kk", "tg", "uz", "uk", "bg"}
    assert all(item.url.startswith(("http://", "https://")) for item in ITEMS)


@pytest.mark.parametrize("part", list(PARTS))
def test_open_calls_are_found_without_false_alarms(part: str) -> None:
    items: list[Item] = PARTS[part]
    scores = score_calls(items)
    print(f"\n[{part}]\n{report(items)}")  # the figures, with pytest -s
    assert scores.precision >= 0.95, scores.false_alarms
    assert scores.recall >= 0.90, scores.misses
    assert scores.expired_offered == []  # December 2026: every call here is over
    assert scores.deadline_accuracy >= 0.95, scores.wrong_deadlines


@pytest.mark.parametrize("part", list(PARTS))
def test_languages_are_their_own(part: str) -> None:
    assert language_errors(PARTS[part]) == []


def test_tags_are_precise_on_the_development_part() -> None:
    # Per-topic precision is stated in the report; here: the ambiguous words of the issue
    # no longer make rights and peace the noisiest topics.
    scores = tag_scores(PARTS["development"])
    for slug in ("rights", "youth", "lgbtq", "social"):
        tp, tagged, _ = scores[slug]
        assert tagged == 0 or tp / tagged >= 0.75, (slug, scores[slug])
