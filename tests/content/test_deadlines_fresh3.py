"""Deadline forms added for issue 19's third fresh set (fresh3, tuned on its odd-numbered half
only): a time or weekday between the cue and the date, more cue wordings, a two-digit year, a
range in figures, "the period of X to Y" and Kazakh ordinals."""

from __future__ import annotations

from datetime import date

import pytest

from cagbot.content.deadlines import find_deadline, yearless_deadline

TODAY = date(2026, 12, 8)


@pytest.mark.parametrize(
    ("text", "language", "published", "deadline"),
    [
        # a weekday (and "på", "den") between the cue and the date
        (
            "Ansökan öppnade i mars och stänger på fredag, den 9 april.",
            "sv",
            date(2022, 3, 30),
            date(2022, 4, 9),
        ),
        # a time of day written "12noon", then "on Friday"
        (
            "Forms must be submitted no later than 12noon on Friday March 8.",
            "en",
            date(2024, 2, 1),
            date(2024, 3, 8),
        ),
        # "p.m." and a time zone with its name in brackets
        (
            "Essays must be submitted online on or before 11:59 p.m., EST (Eastern Standard "
            "Time) February 2, 2024.",
            "en",
            None,
            date(2024, 2, 2),
        ),
        # Swedish "sista dagen för ansökan är", figures
        ("Sista dagen för ansökan är 4.11 kl. 12.00.", "sv", date(2023, 10, 1), date(2023, 11, 4)),
        (
            "Deadline för ansökan: 12 maj 2025 kl 12. Arbetsperiod: 1 juni – 30 juni 2025.",
            "sv",
            None,
            date(2025, 5, 12),
        ),
        # "deadlines are"
        ("Most award deadlines are Mar. 3, 2017.", "en", None, date(2017, 3, 3)),
        # "крайний срок подачи <word> заявок"
        ("Крайний срок подачи электронных заявок: 9 марта 2016.", "ru", None, date(2016, 3, 9)),
        # a two-digit year after the month
        ("Deadline: 14-Jun-22. The fund announces small grants.", "en", None, date(2022, 6, 14)),
        # "during the period of X to Y"
        (
            "Proposals will be accepted at any time during the period of 2 May to 20 June 2019.",
            "en",
            None,
            date(2019, 6, 20),
        ),
    ],
)
def test_deadline_forms(text: str, language: str, published: date | None, deadline: date) -> None:
    assert find_deadline(text, language, published, today=TODAY) == deadline


@pytest.mark.parametrize(
    ("text", "language", "found"),
    [
        # a range in figures after an application word: its end, yearless on an undated page
        ("Ansökningstiden för stipendier är 1.2-28.02 varje år.", "sv", (2, 28)),
        # a Kazakh ordinal before the month ("20th of November ... until")
        ("Qujattar 25-shy qazanyna deıin qabyldanady.", "kk", (10, 25)),
    ],
)
def test_yearless_deadline_forms(text: str, language: str, found: tuple[int, int]) -> None:
    assert yearless_deadline(text, language) == found


def test_a_two_digit_number_after_a_day_and_month_is_no_year() -> None:
    # "30 May 21 applicants": only "-21" joined to the month is a year
    assert find_deadline("Deadline: 30 May 21 applicants.", "en", None, today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Applications must be in by 5 February.", "en"),
        ("Deadline for entries: Monday, February 5, 2024", "en"),
        ("Please send your application by 5/2/2024.", "en"),
        ("The last day to apply is February 5.", "en"),
        ("You have until February 5 to apply.", "en"),
        ("Срокът за кандидатстване е 5 февруари 2024 г.", "bg"),
    ],
)
def test_more_cue_wordings(text: str, language: str) -> None:
    published = date(2024, 1, 10)
    assert find_deadline(text, language, published, today=published) == date(2024, 2, 5)
