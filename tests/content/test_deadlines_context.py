"""Deadlines of issue 19's third round: which year a yearless date on an undated page takes
from its text, more ways of writing the last day to apply, and dates that are not it (when
applicants hear back). Each case is a way calls are written, not a copy of an evaluated item."""

from __future__ import annotations

from datetime import date

import pytest

from cagbot.content.classify import classify_opportunity
from cagbot.content.deadlines import find_deadline, find_deadlines
from cagbot.content.periods import call_year

TODAY = date(2026, 12, 7)


def _undated_deadline(title: str, summary: str, language: str) -> date | None:
    details = classify_opportunity(title, summary, language=language, published=None, today=TODAY)
    assert details is not None
    return details.deadline


@pytest.mark.parametrize(
    ("title", "summary", "language", "deadline"),
    [
        # the year of a date elsewhere in the text
        ("Junior volunteers", "The programme runs June 13th to August 4th, 2024. "
         "The application deadline is April 1st.", "en", date(2024, 4, 1)),
        # a year marked as a time ("för 2023", "in 2026", "на ... 2020 года")
        ("Sommarpraktik", "Tidsplan för 2023: ungdomar ansöker 6 februari – 5 mars.", "sv",
         date(2023, 3, 5)),
        ("Winter round", "In 2026, applications are due November 2nd.", "en", date(2026, 11, 2)),
        ("Гранты", "Заявки принимаются до 31 марта. Проекты стартуют с 1 июля 2020 года.", "ru",
         date(2020, 3, 31)),
        # several years: the last one named before the date
        ("Kulturstipendium", "Nomineringstiden öppnar i september 2021. Du kan söka 13 "
         "september - 30 november. Utdelning sker i mars 2022.", "sv", date(2021, 11, 30)),
    ],
)  # fmt: skip
def test_an_undated_page_places_a_yearless_deadline_in_the_year_it_names(
    title: str, summary: str, language: str, deadline: date
) -> None:
    assert _undated_deadline(title, summary, language) == deadline


@pytest.mark.parametrize(
    ("title", "summary", "language"),
    [
        # a year in the call's name says nothing about which year's date it is
        ("Конкурс «Волонтер года — 2025»", "Прием заявок будет продолжаться до 21 ноября.", "ru"),
        ("Kulturstipendium (2024)", "Ansök senast: 15 april.", "sv"),
        # nor a comparison, a birth year or history
        ("Feriearbete", "Vi har lika många platser med samma budget som 2024. Sista dagen "
         "för att ansöka är den 15 mars.", "sv"),
        ("Feriejobb", "Du ska vara född 2008. Ansök senast 15 mars.", "sv"),
        ("Volunteers", "Founded in 2008, we are looking for volunteers. Apply by 30 April.", "en"),
    ],
)  # fmt: skip
def test_a_year_that_is_not_the_calls_places_no_deadline(
    title: str, summary: str, language: str
) -> None:
    assert _undated_deadline(title, summary, language) is None


def test_call_year_is_the_only_year_or_the_last_one_before_the_date() -> None:
    text = "öppnar i september 2021. sök 13 september - 30 november. utdelning i mars 2022."
    assert call_year(text, text.index("30 november")) == 2021
    assert call_year("apply by 1 april", 9) is None
    # the only year, even after the date
    text = "ansök 5-25 februari. gäller för ungdomar som fyller 16 år under 2024."
    assert call_year(text, 6) == 2024


@pytest.mark.parametrize(
    ("text", "language", "published", "deadline"),
    [
        ("In 2026, applications are due November 2nd, by 5 pm.", "en", date(2026, 9, 1),
         date(2026, 11, 2)),
        ("The registration process ends on June 4.", "en", date(2023, 6, 1), date(2023, 6, 4)),
        ("The deadline for us to receive the form is 5pm on 17 September 2019.", "en", None,
         date(2019, 9, 17)),
        ("Complete the nomination form and return it by Monday January 8th 2018.", "en", None,
         date(2018, 1, 8)),
        ("Bids are invited before the closing date of 17 November.", "en", date(2013, 10, 1),
         date(2013, 11, 17)),
        # a range of days across two months, or within one after "mellan"
        ("Ungdomar ansöker 6 februari – 5 mars 2023.", "sv", None, date(2023, 3, 5)),
        ("Alla feriejobb kan sökas mellan 11-31 mars 2024 via e-tjänsten.", "sv", None,
         date(2024, 3, 31)),
        # a listing's month without a day: the month's last day, the next such month
        ("Artists are welcome. Deadline: March", "en", date(2020, 8, 17), date(2021, 3, 31)),
    ],
)  # fmt: skip
def test_more_ways_to_write_the_last_day(
    text: str, language: str, published: date | None, deadline: date
) -> None:
    assert find_deadline(text, language, published, today=TODAY) == deadline


@pytest.mark.parametrize(
    ("text", "language", "published", "deadline"),
    [
        # when applicants hear back is not the last day to apply
        ("Sista ansökningsdag 1 mars 2024. Besked om anställning lämnas senast 30 april 2024.",
         "sv", date(2024, 3, 20), date(2024, 3, 1)),
        ("Попълнете формуляра до 10 април 2022 г. Кандидатите ще получат отговор до 15 май "
         "2022.", "bg", date(2022, 4, 30), date(2022, 4, 10)),
        ("Apply by 1 March 2025. Decisions on applications will be sent no later than 30 "
         "April 2025.", "en", date(2025, 3, 20), date(2025, 3, 1)),
    ],
)  # fmt: skip
def test_the_day_applicants_hear_back_is_no_deadline(
    text: str, language: str, published: date, deadline: date
) -> None:
    assert find_deadline(text, language, published, today=TODAY) == deadline


@pytest.mark.parametrize(
    ("text", "language", "published", "deadline"),
    [
        # a 24-hour time before the date
        ("Можете да промените информация до 23:59 часа на 10 април 2022 г.", "bg", None,
         date(2022, 4, 10)),
        ("Заявки принимаются до 18:00 15 мая 2024 года.", "ru", None, date(2024, 5, 15)),
        # an extended deadline
        ("We are extending the deadline to apply for the grants to October 17.", "en",
         date(2013, 9, 20), date(2013, 10, 17)),
        # a range in brackets after "ansökan"
        ("Ansökan är nu stängd (1-20 mars 2022).", "sv", None, date(2022, 3, 20)),
    ],
)  # fmt: skip
def test_times_extensions_and_bracketed_ranges(
    text: str, language: str, published: date | None, deadline: date
) -> None:
    assert find_deadline(text, language, published, today=TODAY) == deadline


@pytest.mark.parametrize(
    ("text", "language", "deadline"),
    [
        ("Applications must be received by 15 March 2025.", "en", date(2025, 3, 15)),
        ("Applications will be accepted until 30 June 2025.", "en", date(2025, 6, 30)),
        ("The programme is open until 5 May 2025.", "en", date(2025, 5, 5)),
        ("The closing date for applications is 3 March 2025.", "en", date(2025, 3, 3)),
        ("Applications close at midnight on 1 May 2025.", "en", date(2025, 5, 1)),
        ("Entries close 1 May 2025.", "en", date(2025, 5, 1)),
        ("Nominations close on 1 May 2025.", "en", date(2025, 5, 1)),
        ("Ansökningstiden går ut den 1 mars 2025.", "sv", date(2025, 3, 1)),
        ("Ansök före 1 mars 2025.", "sv", date(2025, 3, 1)),
        ("Заявки принимаются с 1 по 20 марта 2025 года.", "ru", date(2025, 3, 20)),
        ("Документы принимаются по 1 марта 2025 года включительно.", "ru", date(2025, 3, 1)),
        ("Последний день подачи заявок — 1 марта 2025 года.", "ru", date(2025, 3, 1)),
        ("Заявки приймаються до 1 березня 2025 року.", "uk", date(2025, 3, 1)),
        ("Кінцевий термін подачі заявок — 1 березня 2025 року.", "uk", date(2025, 3, 1)),
        ("Кандидатствайте до 1 март 2025 г.", "bg", date(2025, 3, 1)),
        ("Өтінім қабылдау мерзімі – 1 наурыз 2025 жыл.", "kk", date(2025, 3, 1)),
        ("Арыз кабыл алуу мөөнөтү: 2025-жылдын 1-марты.", "ky", date(2025, 3, 1)),
        ("Arizalar 2025-yil 1-martgacha qabul qilinadi.", "uz", date(2025, 3, 1)),
    ],
)
def test_common_ways_calls_state_their_last_day(text: str, language: str, deadline: date) -> None:
    # after a cue word, not only after a lone "до" (which counts only in a known call)
    assert find_deadlines(text, language, None, today=TODAY)[0] == deadline


def test_a_month_first_date_reads_without_dateparser() -> None:
    assert find_deadline("Apply by April 1.", "en", date(2023, 2, 1)) == date(2023, 4, 1)
    assert find_deadline("Apply by May 1, 2025.", "en", None, today=TODAY) == date(2025, 5, 1)


@pytest.mark.parametrize(
    ("text", "language", "deadline"),
    [
        # a bullet and a channel label between the cue and the date
        ("Крайний срок подачи заявок:\n\n  • онлайн: 31 октября 2020 г. до 16.00 часов CET",
         "ru", date(2020, 10, 31)),
        ("Ansökningar tas emot till 13 december 2016.", "sv", date(2016, 12, 13)),
        ("Applications should reach us by 13 December 2016.", "en", date(2016, 12, 13)),
        ("Ansökningsperiod: 1 november – 13 december 2016", "sv", date(2016, 12, 13)),
    ],
)  # fmt: skip
def test_labels_bullets_and_periods(text: str, language: str, deadline: date) -> None:
    assert find_deadlines(text, language, None, today=TODAY)[0] == deadline


def test_a_year_after_the_deadline_word_is_the_deadlines() -> None:
    summary = "Organisationer kan söka. Sista ansökningsdag 2016\n\n1 november"
    assert _undated_deadline("Praktikantprogrammet", summary, "sv") == date(2016, 11, 1)


def test_a_year_the_call_is_for_places_its_deadline() -> None:
    summary = "Applications are now open for the 2024 summer camp. The deadline is April 1st."
    assert _undated_deadline("Junior volunteers", summary, "en") == date(2024, 4, 1)
    summary = "Nu kan du söka 2025 års kulturstipendium. Ansök senast 15 mars."
    assert _undated_deadline("Kulturstipendium", summary, "sv") == date(2025, 3, 15)


def test_the_day_participants_return_is_no_deadline() -> None:
    assert find_deadlines("Participants return home by 20 July 2018.", "en", None, today=TODAY) == (
        None,
        None,
    )
    text = "Please return the completed application form by 8 January 2018."
    assert find_deadline(text, "en", None, today=TODAY) == date(2018, 1, 8)


def test_of_several_last_days_the_one_for_the_application_is_the_deadline() -> None:
    text = (
        "Городам нужно: до 5 августа 2023 года направить письмо с подтверждением готовности; "
        "до 31 августа 2023 года направить заявку."
    )
    assert find_deadline(text, "ru", date(2023, 8, 3)) == date(2023, 8, 31)
    text = "Send a letter of intent by 5 May 2025. Submit your application by 31 May 2025."
    assert find_deadline(text, "en", date(2025, 4, 1)) == date(2025, 5, 31)


def test_the_end_of_the_application_round_is_the_deadline() -> None:
    text = "Окончание приёма заявок – 25 ноября 2025 года. Далее экспертная комиссия оценит заявки."
    assert find_deadlines(text, "ru", None, today=TODAY)[0] == date(2025, 11, 25)
    text = "Завершение подачи документов: 1 марта 2024 г."
    assert find_deadlines(text, "ru", None, today=TODAY)[0] == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("text", "language", "deadline"),
    [
        ("The centre started accepting documents for internships under the national programme, "
         "which will be carried out until 30 October 2026.", "en", date(2026, 10, 30)),
        ("Фонд принимает заявки на гранты до 1 марта 2025 года.", "ru", date(2025, 3, 1)),
    ],
)  # fmt: skip
def test_accepting_until(text: str, language: str, deadline: date) -> None:
    assert find_deadlines(text, language, None, today=TODAY)[0] == deadline
