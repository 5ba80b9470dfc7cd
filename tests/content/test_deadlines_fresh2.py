"""Deadline rules added for issue 19's second fresh set (fresh2): the date before its cue, day
ranges, application periods, weekdays, field notes, Kazakh months, and yearless deadlines on
undated pages (read, but never dated)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cagbot.content.classify import classify_opportunity
from cagbot.content.deadlines import find_deadline, find_deadlines, yearless_deadline
from cagbot.models import PostDraft

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "language", "published", "deadline"),
    [
        # the date before its cue
        ("3 april 2016 – sista ansökningsdag", "sv", None, date(2016, 4, 3)),
        ("With the May 1 deadline approaching", "en", date(2019, 4, 2), date(2019, 5, 1)),
        # a day range after an application word
        ("Vi tar emot ansökningar 4-17 juni.", "sv", date(2024, 5, 20), date(2024, 6, 17)),
        ("Ansökan är öppen från 5-25 februari.", "sv", date(2024, 1, 30), date(2024, 2, 25)),
        # an application period "is X to Y"
        ("The 2021 application period is February 15 to April 30, 2021.", "en", None,
         date(2021, 4, 30)),
        # a note between the field and its date, and DD-MON-YYYY
        ("Application Deadline (Midnight Duty Station Time) : 22-OCT-2025", "en", None,
         date(2025, 10, 22)),
        # a weekday on a dated page: the first such day on or after it (2018-03-13 a Tuesday)
        ("Om mindre än en vecka, senast söndag, ska ansökningarna vara inlämnade.", "sv",
         date(2018, 3, 13), date(2018, 3, 18)),
        ("Please apply by Friday.", "en", date(2024, 5, 3), date(2024, 5, 3)),
        # Kazakh month names, Cyrillic and Latin
        ("құжаттарын қабылдау мерзімін 2025 жылғы 19 қарашаға дейін ұзарту", "kk", None,
         date(2025, 11, 19)),
        ("Ótinimder 21 shildege deıin qabyldanady", "kk", date(2024, 6, 1), date(2024, 7, 21)),
        ("Өтініштерді қабылдау 15 қазанға дейін жалғасады", "kk", date(2019, 9, 1),
         date(2019, 10, 15)),
        # Kyrgyz: the traditional month names, and the Russian ones with Kyrgyz endings
        ("Арыздар 2025-жылдын 31-тогуздун айына чейин кабыл алынат.", "ky", None,
         date(2025, 10, 31)),
        ("Документтер 15-бугуга чейин кабыл алынат.", "ky", date(2025, 4, 1), date(2025, 5, 15)),
        ("Өтүнмөлөр 25-апрелине чейин кабыл алынат.", "ky", date(2025, 4, 1), date(2025, 4, 25)),
        # Bulgarian field "краен срок:"
        ("Първи краен срок: начална дата: 22.01.2024 г.; краен срок: 22.05.2024 г.", "bg", None,
         date(2024, 5, 22)),
        # Ukrainian and Russian "до ... року", "до 30-го апреля"
        ("Прийом заявок триватиме до 29 серпня 2025 року включно.", "uk", None,
         date(2025, 8, 29)),
        ("Заявки принимаются до 30-го апреля", "ru", date(2014, 3, 1), date(2014, 4, 30)),
        # "till och med", a year word between range ends, Bulgarian "се приемат до"
        ("Ansökan är öppen till och med den 31 mars.", "sv", date(2018, 3, 1), date(2018, 3, 31)),
        ("Этап проходит с 1 ноября 2023 года по 15 марта 2024 года.", "ru", date(2023, 11, 1),
         date(2024, 3, 15)),
        ("Документите се приемат до 15 октомври.", "bg", date(2025, 9, 1), date(2025, 10, 15)),
        ("Please complete your application by May 1.", "en", date(2019, 4, 2), date(2019, 5, 1)),
    ],
)  # fmt: skip
def test_deadline_forms(text: str, language: str, published: date | None, deadline: date) -> None:
    assert find_deadline(text, language, published, today=TODAY) == deadline


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a month without a day before "deadline" is a guide's, not a call's
        ("Scholarships with a looming January 2026 deadline need planning.", "en"),
        # what happens by then is an announcement, not the last day to apply
        ("Білім грантының тізімі 15 тамызға дейін жарияланады", "kk"),
        # a weekday counts only on a dated page
        ("Ansök senast söndag", "sv"),
    ],
)
def test_no_deadline_from_these(text: str, language: str) -> None:
    assert find_deadlines(text, language, None, today=TODAY) == (None, None)


def test_a_weekday_counts_only_on_a_dated_page() -> None:
    assert find_deadline("Ansök senast söndag.", "sv", None, today=TODAY) is None
    assert find_deadline("Ansök senast söndag.", "sv", date(2018, 3, 13)) == date(2018, 3, 18)


@pytest.mark.parametrize(
    ("text", "language", "month_day"),
    [
        ("Прием заявок будет продолжаться до 21 ноября.", "ru", (11, 21)),
        ("Sista dagen för att ansöka om feriearbete är den 15 mars.", "sv", (3, 15)),
        ("(Ansök senast: 15 april)", "sv", (4, 15)),
        ("complete your application by May 1; the May 1 deadline", "en", (5, 1)),
        ("Ansökan är öppen 14 februari – 15 mars.", "sv", (3, 15)),
        ("Крайният срок за подаване на документи за зимния семестър е 15 януари.", "bg", (1, 15)),
        ("Өтініштерді қабылдау 15 қазанға дейін жалғасады.", "kk", (10, 15)),
        # a date that states its year is not yearless
        ("Sista ansökningsdag 31 mars 2020.", "sv", None),
        ("No deadline is stated here.", "en", None),
    ],
)
def test_yearless_deadline_on_an_undated_page(
    text: str, language: str, month_day: tuple[int, int] | None
) -> None:
    assert yearless_deadline(text, language) == month_day


def test_a_yearless_deadline_leaves_an_undated_call_unknown() -> None:
    details = classify_opportunity(
        "Konkurs", "Прием заявок будет продолжаться до 21 ноября.", language="ru", today=TODAY
    )
    assert details is not None
    assert details.deadline is None
    post = PostDraft(
        key="k",
        title="Konkurs",
        summary="",
        language="ru",
        source="s",
        kind="opportunity",
        url=None,
        guid=None,
        published=None,
        opportunity=details,
    ).as_post(1, datetime(2026, 12, 7, tzinfo=UTC))
    assert post.call_status(TODAY) == "unknown"
