from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cagbot.content.classify import classify_opportunity
from cagbot.content.curated import parse_opportunities
from cagbot.content.listing import parse_listing
from cagbot.models import PostDraft
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


# -- issue 19: a call is open only on evidence -------------------------------------------

_TODAY = date(2026, 12, 7)


def _status(title: str, summary: str, published: datetime | None, today: date = _TODAY) -> str:
    details = classify_opportunity(title, summary, language="en", published=published, today=today)
    assert details is not None
    moment = published or datetime(2026, 12, 7, tzinfo=UTC)  # import time: never evidence
    post = PostDraft(
        key="k", title=title, summary=summary, language="en", source="t",
        kind="opportunity", published=published, opportunity=details,
    ).as_post(1, moment)  # fmt: skip
    status = post.call_status(today)
    assert status is not None
    return status


def test_an_undated_call_without_a_deadline_is_not_open() -> None:
    assert _status("We are looking for volunteers", "Apply via our form.", None) == "unknown"


def test_a_yearless_deadline_without_a_publication_date_is_not_open() -> None:
    title, summary = "Internship in Bishkek", "Apply for our internship by 30 April."
    details = classify_opportunity(title, summary, published=None, today=_TODAY)
    assert details is not None
    assert details.deadline is None  # not "next 30 April"
    assert _status(title, summary, None) == "unknown"
    # With a known publication date the same words are a deadline.
    published = datetime(2026, 11, 20, tzinfo=UTC)
    assert _status(title, summary, published) == "open"


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Гранты НКО", "Конкурс на 2014 год. Заявки принимаются до 30-го апреля."),
        ("Volunteering placement", "Apply now for our volunteering in September–October 2023."),
        ("Стипендия", "Открыт приём заявок на стипендию с 20 января по 20 февраля 2021 г."),
        ("Praktikplats", "Vi söker praktikanter för våren 2026, ansök nu."),
    ],
)
def test_a_past_year_in_the_text_closes_the_call(title: str, summary: str) -> None:
    assert _status(title, summary, None) == "closed"


def test_a_dated_recent_call_without_a_deadline_is_open() -> None:
    published = datetime(2026, 11, 20, tzinfo=UTC)
    assert _status("We are looking for volunteers", "Apply via our form.", published) == "open"
    # ... until the age limit.
    assert _status("We are looking for volunteers", "Apply via our form.", published,
                   date(2027, 6, 1)) == "closed"  # fmt: skip


def test_a_curated_call_is_open_until_its_deadline() -> None:
    text = '[[opportunity]]\ntitle = "Volontär i Osj"\nlanguage = "sv"\ntype = "volunteering"\n'
    undated = parse_opportunities(text, "curated.toml").posts[0].draft
    assert undated.published is None
    assert undated.as_post(1, datetime(2020, 1, 1, tzinfo=UTC)).call_status(_TODAY) == "open"
    dated = parse_opportunities(text + "deadline = 2027-01-31\n", "c.toml").posts[0].draft
    post = dated.as_post(1, datetime(2020, 1, 1, tzinfo=UTC))
    assert post.call_status(date(2027, 1, 31)) == "open"
    assert post.call_status(date(2027, 2, 1)) == "closed"


@pytest.mark.parametrize(
    ("title", "summary", "language", "kind"),
    [
        ("Volunteering opportunity with Central Asia Solidarity Groups",
         "We need help with events in Stockholm. Write to us if you are interested.", "en",
         "volunteering"),
        ("Get volunteer experience as a TA",
         "Teaching assistants support our language classes twice a week.", "en", "volunteering"),
        ("Отбор на оплачиваемую стажировку",
         "Компания проводит отбор студентов и выпускников на стажировку в отделе аналитики.", "ru",
         "internship"),
        ("Всеукраїнський конкурс творчих робіт серед молоді",
         "Запрошуємо до участі молодь віком від 14 до 35 років. Подати заявку можна онлайн.",
         "uk", "contest"),
        ("Програма за професионален обмен",
         "Млади специалисти работят в организации в чужбина. Кандидатствайте онлайн.", "bg",
         "exchange"),
        ("Жаштар үчүн адабий сынак",
         "Сынакка 35 жашка чейинки жарандар катыша алат. Өтүнмөлөр онлайн кабыл алынат.", "ky",
         "contest"),
        ("Жастарға арналған грант",
         "Өтінімдер ресми сайтта қабылданады. Жеңімпаздар грант алады.", "kk", "grant"),
        ("Du kan ansöka om praktik utomlands",
         "Vi ordnar två ansökningsomgångar per år, i februari och i september.", "sv",
         "internship"),
    ],
)  # fmt: skip
def test_calls_as_they_are_written_in_every_language(
    title: str, summary: str, language: str, kind: str
) -> None:
    details = classify_opportunity(title, summary, language=language, published=None)
    assert details is not None
    assert details.type == kind


@pytest.mark.parametrize(
    ("title", "summary", "language"),
    [
        ("Ред и начин за отпускане на стипендии", "Правилата за стипендии на учениците.", "bg"),
        ("На конкурс президентских грантов принято рекордное число заявок",
         "Завершился прием заявок: поступило 9843 заявки.", "ru"),
        ("Du ansöker på vår webbplats", "Vi tar inte emot öppna ansökningar.", "sv"),
    ],
)  # fmt: skip
def test_rules_reports_and_guides_are_not_calls(title: str, summary: str, language: str) -> None:
    assert classify_opportunity(title, summary, language=language) is None
