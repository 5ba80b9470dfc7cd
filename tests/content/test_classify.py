from __future__ import annotations

from pathlib import Path

import pytest

from cagbot.content.classify import classify_opportunity
from cagbot.content.listing import parse_listing
from cagbot.paths import seed_files


def _seed_posts() -> dict[str, str]:
    posts = {}
    for path in seed_files():
        for draft in parse_listing(path.read_text(encoding="utf-8"), path.name).drafts:
            posts[draft.title] = draft.summary
    return posts


def test_exactly_the_two_open_calls_among_the_seeds_are_opportunities() -> None:
    found = {
        title: details.type
        for title, summary in _seed_posts().items()
        if (details := classify_opportunity(title, summary)) is not None
    }
    assert found == {
        "Praktikant med inriktning genus/tjejers rättigheter (med placering Kirgizistan)": (
            "internship"
        ),
        "Residence for Climate activist in Kyrgyzstan": "residency",
    }


def test_heuristic_details_from_the_text() -> None:
    posts = _seed_posts()
    title = "Praktikant med inriktning genus/tjejers rättigheter (med placering Kirgizistan)"
    details = classify_opportunity(title, posts[title])
    assert details is not None
    assert details.location == "Kirgizistan"
    assert details.duration == "5 månader"
    assert details.is_open
    assert details.titles == {}  # heuristic details never claim to be curated


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # Presenting an intern is a story, not a call.
        (
            "Presentation of Emma, intern at UNICEF Kazakhstan",
            "I am doing a two month long internship at the UNICEF country office.",
        ),
        # "intern" inside other words.
        ("International relations", "We discussed internal and international politics. Apply it!"),
        # A call to action without an opportunity type.
        ("Join our demonstration", "We are looking for a better world. Apply pressure!"),
        # An opportunity type without a call to action.
        ("Our residency in Osh", "The two-week climate residency in Osh was fun and challenging."),
        ("", ""),
    ],
)
def test_not_opportunities(title: str, summary: str) -> None:
    assert classify_opportunity(title, summary) is None


@pytest.mark.parametrize(
    ("title", "summary", "kind"),
    [
        (
            "Volontär sökes",
            "Vi söker volontärer till kansliet. Sista ansökningsdag 1 mars.",
            "volunteering",
        ),
        ("Стажировка в Бишкеке", "Принимаем заявки до 1 марта.", "internship"),
        ("Молодёжный обмен", "Ищем участников для молодёжного обмена в Оше.", "exchange"),
        ("Youth exchange in Osh", "Apply before the deadline: 1 March.", "exchange"),
        ("News", "We are seeking two interns for our office in Malmö.", "internship"),
    ],
)
def test_calls_in_three_languages(title: str, summary: str, kind: str) -> None:
    details = classify_opportunity(title, summary)
    assert details is not None
    assert details.type == kind


def test_seed_files_exist() -> None:
    assert [Path(path).suffix for path in seed_files()] == [".txt", ".txt"]
