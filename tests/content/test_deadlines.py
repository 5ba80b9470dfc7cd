from __future__ import annotations

from datetime import date

import pytest

from cagbot.content.deadlines import find_deadline


@pytest.mark.parametrize(
    ("text", "language", "published", "deadline"),
    [
        ("Sista ansökningsdag 15 mars.", "sv", date(2021, 1, 10), date(2021, 3, 15)),
        ("no later than January 25st, 2020", "en", date(2019, 12, 10), date(2020, 1, 25)),
        ("Заявки принимаются до 30-го апреля", "ru", date(2021, 3, 1), date(2021, 4, 30)),
        ("Подать заявку можно до 30 апреля.", "ru", date(2021, 3, 1), date(2021, 4, 30)),
        # the year comes from the publication date
        ("The deadline is April 30.", "en", date(2020, 3, 26), date(2020, 4, 30)),
        ("Ansökan skickas senast 7.9 kl. 23.59", "sv", date(2022, 8, 25), date(2022, 9, 7)),
        ("Application Deadline: April 2024.", "en", date(2023, 11, 16), date(2024, 4, 30)),
        ("с 17 апреля по 19 мая подать заявку", "ru", date(2008, 4, 10), date(2008, 5, 19)),
        ("between 16 January 2024 and 16 March 2024", "en", date(2024, 1, 20), date(2024, 3, 16)),
        ("register before friday 31 may, 2024", "en", date(2024, 1, 1), date(2024, 5, 31)),
        # several rounds: the next one after publication
        (
            "sista ansökningsdag 5 februari 2020; 7 maj 2020; sista ansökningsdag 1 oktober 2020",
            "sv",
            date(2020, 3, 1),
            date(2020, 10, 1),
        ),
    ],
)
def test_deadlines_from_text(text: str, language: str, published: date, deadline: date) -> None:
    assert find_deadline(text, language, published) == deadline


@pytest.mark.parametrize(
    "text",
    [
        "Участвовать могут люди от 14 до 30 лет.",  # an age range is not a date
        "The conference was held on 11 June.",  # a date without a cue
        "Senast uppdaterad: 28 mars 2019",  # "last updated", not "apply by"
        "",
    ],
)
def test_no_deadline_where_none_is_stated(text: str) -> None:
    assert find_deadline(text, "ru", date(2020, 1, 1), bare=False) is None


def test_a_bare_until_counts_only_when_asked() -> None:
    text = "Опрос продлится до 25 октября 2025 года."
    assert find_deadline(text, "ru", date(2025, 10, 1), bare=False) is None
    assert find_deadline(text, "ru", date(2025, 10, 1)) == date(2025, 10, 25)


@pytest.mark.parametrize(
    ("text", "language", "deadline"),
    [
        # Kyrgyz: year first, case endings, "until" after the date
        ("Иштер 2026-жылдын 1-декабрынан 2027-жылдын 25-апрелине чейин кабыл алынат.", "ky",
         date(2027, 4, 25)),
        ("Для участі необхідно до 25 серпня 2027 року подати заявку.", "uk", date(2027, 8, 25)),
        ("Попълнете формата в срок до 1 ноември 2027.", "bg", date(2027, 11, 1)),
        ("Крайният срок за кандидатстване е 17 април 2027 г.", "bg", date(2027, 4, 17)),
        ("Close date: 2027-01-29", "en", date(2027, 1, 29)),
        ("Expire Date: 06 January, 2027", "en", date(2027, 1, 6)),
        ("The application is open 15th April – 15th May 2027.", "en", date(2027, 5, 15)),
    ],
)  # fmt: skip
def test_deadlines_in_the_neighbouring_languages(text: str, language: str, deadline: date) -> None:
    assert find_deadline(text, language, None, today=date(2026, 12, 7)) == deadline


def test_without_a_publication_date_only_a_stated_year_makes_a_deadline() -> None:
    today = date(2026, 12, 7)
    assert find_deadline("Заявки принимаются до 30 апреля.", "ru", None, today=today) is None
    assert find_deadline("Apply by 30 April 2014.", "en", None, today=today) == date(2014, 4, 30)
    assert find_deadline("Sista ansökningsdag 15.03.27", "sv", None, today=today) == date(
        2027, 3, 15
    )


def test_a_time_of_day_or_a_named_call_may_stand_between_cue_and_date() -> None:
    today = date(2026, 12, 7)
    text = "Applications should be submitted by midday 5 September 2027."
    assert find_deadline(text, "en", None, today=today) == date(2027, 9, 5)
    text = "Submit your application by 5pm on 17 September 2027."
    assert find_deadline(text, "en", None, today=today) == date(2027, 9, 17)
    text = "Sista ansökningsdag för Nell Walden-stipendiet är den 31 mars i år."
    assert find_deadline(text, "sv", date(2027, 2, 16)) == date(2027, 3, 31)


def test_the_group_pre_check_finds_the_date_phrases_of_a_full_scan() -> None:
    """A cue pattern starting with a "(?:a|b|c)" group is run only when one of its
    literals is in the text: on every evaluation text the date phrases are those of
    running every pattern (issue 28)."""
    from cagbot.content import deadline_phrases as deadlines
    from tests.content.fresh2_eval import load_fresh2
    from tests.content.realworld_eval import load_fresh, load_items

    pairs = [(item.title, item.summary) for item in (*load_items(), *load_fresh())]
    pairs += [(item.title, item.summary) for item in load_fresh2()]
    texts = [f"{title}. {summary}".casefold() for title, summary in pairs]
    assert sum(1 for literals, _ in deadlines._CUED_PLAN if literals) >= 5  # it is used
    found = 0
    for text in texts:
        full = tuple(
            m["date"]
            for finder in deadlines._CUED
            for m in finder.finditer(text)
            if not deadlines._hears_back(text, m.start("date"))
        )
        cued, _ = deadlines.date_matches.__wrapped__(text)
        assert tuple(phrase for _, phrase in cued) == full, text[:80]
        found += bool(full)
    assert found > 50
