"""Call evidence and counter-evidence added for issue 19's second fresh set (fresh2)."""

from __future__ import annotations

from datetime import date

import pytest

from cagbot.content.classify import classify_opportunity

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("title", "summary", "language", "kind"),
    [
        ("Feriearbete", "2024 får du som är född 2006 eller 2007 ansöka om feriearbete.", "sv",
         "job"),
        ("Sommarjobb", "Ansökan till sommarjobb är öppen från 5-25 februari.", "sv", "job"),
        ("Projektunderstöd", "Ansökan om projektunderstöd kan inlämnas två gånger per år.", "sv",
         "grant"),
        ("Praktik", "Ambassaden tar emot praktikanter varje termin.", "sv", "internship"),
        ("Program Coordinator", "IREX seeks qualified candidates for a full time Program "
         "Coordinator position.", "en", "job"),
        ("Youth Internships", "Who can participate? You must be between 16 and 29 years of age. "
         "Paid internship with a real employer.", "en", "internship"),
        ("Youth Awards", "Nominate young people who volunteer. Nominations "
         "close on Wednesday.", "en", "contest"),
        ("Public call for Training Course", "The training takes place in Bitola.", "en",
         "course"),
        ("Union offers internships", "The union announced the summer 2023 internship programme "
         "on Sunday, May 28.", "en", "internship"),
        ("Программа обменов", "Регистрация на участие в программе доступна.", "ru",
         "exchange"),
        ("Конкурс «Доброволец года»", "Организаторы ждут заявок от школьников.", "ru",
         "contest"),
        ("Стажировка", "До 31 августа направить заявку на стажировку.", "ru", "internship"),
        ("Конкурс «Моя страна»", "Заявочная кампания конкурса продлится до весны.", "ru",
         "contest"),
        ("Обмін", "До програми молодіжних обмінів можуть долучитися й вільногірці.", "uk",
         "exchange"),
        ("Стипендия", "Започва приемът на документи за стипендия.", "bg", "scholarship"),
        ("Стипендии", "Администрацията приема документите на студентите за стипендия.", "bg",
         "scholarship"),
        ("Ғылыми тағылымдама", "Үміткерлердің құжаттарын қабылдау 31 қазанға дейін.", "kk",
         "internship"),
        ("Академиялық ұтқырлық", "Студенттер кандидатураларын қабылдау жарияланады.", "kk",
         "exchange"),
    ],
)  # fmt: skip
def test_calls_recognised(title: str, summary: str, language: str, kind: str) -> None:
    details = classify_opportunity(
        title, summary, language=language, published=date(2024, 10, 1), today=date(2024, 10, 1)
    )
    assert details is not None
    assert details.type == kind


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Ansök om kulturstipendium", "Ansökningsomgången för årets kulturstipendier är stängd."),
        ("Kulturstipendium (2024)", "Ansökan. Dagens datum ligger utanför ansökningsperioden "
         "(Ansök senast: 15 april)."),
        ("Fellowship application", "The application window for the 2023-2024 Fellowship year "
         "is closed. To apply, check back in winter."),
    ],
)  # fmt: skip
def test_a_call_that_says_it_is_closed_is_closed(title: str, summary: str) -> None:
    details = classify_opportunity(title, summary, language="sv", published=TODAY, today=TODAY)
    assert details is not None
    assert not details.open_on(TODAY)


@pytest.mark.parametrize(
    ("title", "summary", "language"),
    [
        # Ukrainian "взяти" is "узяти" after a consonant
        ("Молодіжні обміни", "Жителі області віком від 18 до 35 років можуть узяти участь у "
         "програмі обмінів.", "uk"),
        ("Обміни", "Молодь запрошують до участі у програмі обмінів.", "uk"),
        ("Стипендия", "Попълнете формуляра за кандидатстване за стипендия.", "bg"),
        ("Sommarjobb", "Du som är folkbokförd i kommunen och går i årskurs 9 kan söka "
         "sommarjobb.", "sv"),
    ],
)  # fmt: skip
def test_more_ways_of_asking_to_apply(title: str, summary: str, language: str) -> None:
    details = classify_opportunity(title, summary, language=language, today=TODAY)
    assert details is not None


def test_applications_now_closed_close_the_call() -> None:
    details = classify_opportunity(
        "Sommarjobb", "Du kan söka sommarjobb. Ansökan är nu stängd.", language="sv", today=TODAY
    )
    assert details is not None
    assert not details.is_open
