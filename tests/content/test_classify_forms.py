"""How calls ask the reader to act, and how reports look back, in every language the feeds
carry (issue 19, third round): ways of writing, not copies of evaluated items."""

from __future__ import annotations

from datetime import date

import pytest

from cagbot.content.classify import classify_opportunity

DAY = date(2025, 3, 1)


@pytest.mark.parametrize(
    ("language", "title", "summary"),
    [
        ("en", "Volunteers wanted for summer camp", "We need volunteers to help at our camp."),
        ("en", "Summer internship at the embassy", "The embassy offers internships. Send your "
         "CV and cover letter to jobs@example.org."),
        ("en", "Join us as a volunteer", "Interested? Fill in the application form online."),
        ("en", "Fellowship programme for journalists", "Applications are invited from "
         "journalists from Central Asia."),
        ("sv", "Praktikplats på CAG", "Vi erbjuder en praktikplats i höst. Skicka din ansökan "
         "till oss."),
        ("ru", "Стажировка в ООН", "Для участия необходимо отправить резюме."),
        ("uk", "Стажування для молоді", "Запрошуємо молодь віком 18-35 років на оплачуване "
         "стажування."),
        ("kk", "Жастарға арналған грант", "Жастар ұйымдары грантқа өтінім бере алады."),
        ("kk", "Еріктілер іріктеуі", "Фестивальге еріктілер іріктеуі басталды."),
        ("ky", "Ыктыярчыларды тандоо", "Фестивалга ыктыярчыларды тандоо башталды."),
        ("uz", "Yoshlar uchun grant tanlovi", "Tashkilotlar grant tanloviga ariza topshirishlari "
         "mumkin."),
        ("uz", "Ko'ngillilar", "Festivalga ko'ngillilar qabul qilinmoqda. Ro'yxatdan o'ting."),
    ],
)  # fmt: skip
def test_a_call_is_recognised_by_how_it_asks_to_act(
    language: str, title: str, summary: str
) -> None:
    assert classify_opportunity(title, summary, language=language, published=DAY, today=DAY)


@pytest.mark.parametrize(
    ("language", "title", "summary"),
    [
        ("en", "Winners of the photo contest", "Apply now for next year's contest."),
        ("sv", "Vinnarna i fototävlingen", "Vi söker nya deltagare till nästa års tävling."),
        ("uk", "Підсумки конкурсу грантів", "Оголошено переможців конкурсу грантів."),
        ("ru", "Победители конкурса грантов", "Приём заявок на следующий конкурс откроется "
         "весной."),
        ("kk", "Байқау жеңімпаздары", "Өтінімдер қабылданды, жеңімпаздар марапатталды."),
    ],
)  # fmt: skip
def test_a_headline_naming_winners_or_results_looks_back(
    language: str, title: str, summary: str
) -> None:
    assert classify_opportunity(title, summary, language=language, published=DAY, today=DAY) is None


def test_a_registration_form_for_an_event_is_no_call() -> None:
    summary = (
        "Співбесіди відбудуться у середу. Для відвідання потрібно заповнити реєстраційну форму."
    )
    assert classify_opportunity("Добір", summary, language="uk", published=DAY, today=DAY) is None


@pytest.mark.parametrize(
    ("language", "title", "summary"),
    [
        ("en", "How to write a winning scholarship application", "Apply by 1 April 2025."),
        ("en", "Erasmus+ exchanges: a step-by-step guide", "Apply now for an exchange."),
        ("en", "How to choose and apply for a youth exchange?", "Apply now for an exchange."),
        ("sv", "Tips inför ansökan", "Vi söker praktikanter. Ansök senast 1 april 2025."),
        ("ru", "Как получить грант: советы", "Заявки принимаются до 1 апреля 2025 года."),
        # a newsletter sign-up or "we need you" asks for no application
        ("en", "Training for youth workers", "Sign up for our newsletter. We need you!"),
    ],
)  # fmt: skip
def test_a_guide_to_applying_is_no_call(language: str, title: str, summary: str) -> None:
    assert classify_opportunity(title, summary, language=language, published=DAY, today=DAY) is None


def test_admission_to_school_is_no_call() -> None:
    summary = "Бірінші сыныпқа өтініштерді қабылдау 1 сәуірде басталып, 1 тамызға дейін жалғасады."
    assert classify_opportunity("Мектеп", summary, language="kk", published=DAY, today=DAY) is None
    summary = "Приём заявлений в первый класс начнётся 1 апреля. Заявки принимаются до 30 июня."
    assert classify_opportunity("Школа", summary, language="ru", published=DAY, today=DAY) is None


def test_may_apply_if() -> None:
    summary = "Young artists may apply if they are no older than 25 years."
    assert classify_opportunity("Scholarship", summary, language="en", published=DAY, today=DAY)
