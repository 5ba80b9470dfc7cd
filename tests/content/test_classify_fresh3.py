"""Call evidence and counter-evidence added for issue 19's third fresh set (fresh3, tuned on
its odd-numbered half only): plain invitations to volunteer or apply, guides and closed rounds."""

from __future__ import annotations

from datetime import date

import pytest

from cagbot.content.classify import classify_opportunity

PUBLISHED = date(2025, 3, 3)


@pytest.mark.parametrize(
    ("title", "summary", "language", "kind"),
    [
        ("Dags att söka feriejobb", "Kommunen erbjuder 80 platser i sommar.", "sv", "job"),
        (
            "Festival this weekend",
            "More volunteers remain needed for the Saturday shifts.",
            "en",
            "volunteering",
        ),
        (
            "Park clean-up",
            "Anyone interested in volunteering should email the club.",
            "en",
            "volunteering",
        ),
        (
            "Музей ищет помощников",
            "Волонтером музея может стать каждый старше 16 лет.",
            "ru",
            "volunteering",
        ),
    ],
)
def test_plain_invitations_are_open_calls(
    title: str, summary: str, language: str, kind: str
) -> None:
    details = classify_opportunity(
        title, summary, language=language, published=PUBLISHED, today=PUBLISHED
    )
    assert details is not None
    assert details.is_open
    assert details.type == kind


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Landing an internship: your CV", "Tailor it to the job. Explain how to apply."),
        ("Finding a job after university", "Read how to apply for graduate positions."),
    ],
)
def test_advice_on_applying_is_no_call(title: str, summary: str) -> None:
    assert classify_opportunity(title, summary, published=PUBLISHED, today=PUBLISHED) is None


def test_an_application_time_that_has_run_out_closes_the_call() -> None:
    details = classify_opportunity(
        "Feriejobb i sommar",
        "Ansökningstiden för sommarens feriejobb har gått ut. Platserna lottas ut i april.",
        language="sv",
        published=PUBLISHED,
        today=PUBLISHED,
    )
    assert details is None or not details.is_open


def test_how_to_apply_in_swedish_is_a_call() -> None:
    details = classify_opportunity(
        "Feriepraktik i sommar",
        "Information om hur man ansöker läggs ut här på måndag.",
        language="sv",
        published=PUBLISHED,
        today=PUBLISHED,
    )
    assert details is not None
    assert details.type == "job"


def test_a_report_of_a_campaign_held_is_no_call() -> None:
    summary = "Библиотека провела в парке акцию о добровольчестве. Стать волонтером может каждый."
    assert (
        classify_opportunity("Акция", summary, language="ru", published=PUBLISHED, today=PUBLISHED)
        is None
    )


def test_a_year_said_to_be_a_date_places_a_yearless_deadline() -> None:
    details = classify_opportunity(
        "Summer Academy",
        "The deadline to apply for Summer Academy 2022 is April 15. Apply online.",
        today=date(2026, 12, 8),
    )
    assert details is not None
    assert details.deadline == date(2022, 4, 15)


@pytest.mark.parametrize(
    ("title", "summary", "language", "kind"),
    [
        (
            "Training for young people",
            "Registration has started for the spring courses.",
            "en",
            "course",
        ),
        (
            "Mayor urges students",
            "The mayor encourages students to sign up for the workshops.",
            "en",
            "course",
        ),
        (
            "Recruitment of field staff",
            "The mission will hire two drivers (positions).",
            "en",
            "job",
        ),
        (
            "Internships",
            "You can be considered for an internship if you are a student.",
            "en",
            "internship",
        ),
        (
            "Иншолар танлови",
            "Марказ талабалар ўртасида иншолар танловини эълон қилади.",
            "uz",
            "contest",
        ),
    ],
)
def test_more_ways_of_asking_people_to_apply(
    title: str, summary: str, language: str, kind: str
) -> None:
    details = classify_opportunity(title, summary, language=language, today=PUBLISHED)
    assert details is not None
    assert details.type == kind


@pytest.mark.parametrize(
    ("title", "summary", "language"),
    [
        ("5 Reasons Why You Should Apply Early", "Apply by March 1 to most programs.", "en"),
        ("When is the best time to apply for a scholarship?", "Apply by 1 May.", "en"),
        ("Så blir du volontär", "För att bli volontär behöver du en sändande organisation.", "sv"),
        ("Конкурс рисунков", "На конкурс были представлены 40 работ. Приём заявок до 1 мая.", "ru"),
        ("Конкурс проектов", "Волонтеры подали более 300 заявок. Приём заявок шёл до 1 мая.", "ru"),
        (
            "Конкурс",
            "Заявочная кампания проходила с 1 по 20 марта. Подать заявку можно было онлайн.",
            "ru",
        ),
    ],
)
def test_guides_and_reports_of_a_round_are_no_calls(
    title: str, summary: str, language: str
) -> None:
    details = classify_opportunity(
        title, summary, language=language, published=PUBLISHED, today=PUBLISHED
    )
    assert details is None


@pytest.mark.parametrize(
    "summary",
    [
        "Ansökningstiden gick ut den 28 februari. Sök feriejobb nästa år.",
        "Totalt sökte 412 ungdomar. Sök sommarjobb senast 1 mars.",
        "Över 300 ungdomar ansökte. Sök sommarjobb senast 1 mars.",
    ],
)
def test_a_finished_swedish_round_is_closed(summary: str) -> None:
    details = classify_opportunity(
        "Sommarjobb", summary, language="sv", published=PUBLISHED, today=PUBLISHED
    )
    assert details is None or not details.is_open


def test_a_count_so_far_does_not_close_a_round() -> None:
    details = classify_opportunity(
        "Sommarjobb",
        "Redan 200 ungdomar har sökt. Sök sommarjobb senast 1 april.",
        language="sv",
        published=PUBLISHED,
        today=PUBLISHED,
    )
    assert details is not None
    assert details.is_open


@pytest.mark.parametrize(
    ("title", "summary", "language", "kind"),
    [
        ("Volunteers", "Sign up to volunteer at the food bank this spring.", "en", "volunteering"),
        ("Help us", "To volunteer, contact Anna at the office.", "en", "volunteering"),
        ("Food bank", "Volunteers can sign up online for Saturday shifts.", "en", "volunteering"),
        ("Volunteer with us", "Our shelter needs help on weekends.", "en", "volunteering"),
        ("Job opening", "We have a job opening for a youth worker.", "en", "job"),
        ("Youth worker", "The centre is hiring a part-time youth worker.", "en", "job"),
        ("Grants", "Organisations are invited to submit proposals.", "en", "grant"),
        ("Contest", "Enter the essay contest and win a prize.", "en", "contest"),
        ("Course", "Enrol now in the free course.", "en", "course"),
        ("Läxhjälp", "Vi behöver fler volontärer till läxhjälpen.", "sv", "volunteering"),
        ("Röda korset", "Bli volontär hos oss på Röda korset.", "sv", "volunteering"),
        ("Fritidsgården", "Fritidsledare sökes till fritidsgården.", "sv", "job"),
        ("Sommar", "Nu anställer vi fritidsledare till sommaren.", "sv", "job"),
        ("Приют", "Требуются волонтеры для помощи в приюте.", "ru", "volunteering"),
        ("Фестиваль", "Нужны волонтеры на фестиваль.", "ru", "volunteering"),
        ("Центр", "Требуется специалист по работе с молодежью.", "ru", "job"),
        ("Проекты", "Стартовал конкурс молодежных проектов.", "ru", "grant"),
        ("Стипендия", "Студенты могут подать документы на стипендию.", "ru", "scholarship"),
        ("Фестиваль", "Потрібні волонтери.", "uk", "volunteering"),
        ("Еріктілер", "Еріктілерді қатысуға шақырамыз.", "kk", "volunteering"),
    ],
)
def test_plain_requests_for_volunteers_staff_and_entries(
    title: str, summary: str, language: str, kind: str
) -> None:
    details = classify_opportunity(
        title, summary, language=language, published=PUBLISHED, today=PUBLISHED
    )
    assert details is not None
    assert details.type == kind


def test_news_of_a_company_hiring_is_no_call() -> None:
    summary = "Volvo anställer 500 personer i Göteborg, meddelar företaget."
    details = classify_opportunity(
        "Volvo växer", summary, language="sv", published=PUBLISHED, today=PUBLISHED
    )
    assert details is None
