from __future__ import annotations

from datetime import date

import pytest

from cagbot.content.periods import period_end, period_over


@pytest.mark.parametrize(
    ("title", "summary", "end"),
    [
        ("Гранты НКО", "Конкурс на 2014 год. Заявки принимаются до 30 апреля", date(2014, 12, 31)),
        ("Placement", "A placement in Novi Sad for September–October 2023.", date(2023, 10, 31)),
        ("Стипендия", "Приём заявок с 20 января по 20 февраля 2021 г.", date(2021, 12, 31)),
        ("Praktik", "Vi söker praktikanter för våren 2026.", date(2026, 6, 30)),
        ("Internships", "Summer 2023 internships in Bishkek.", date(2023, 8, 31)),
        ("Exchange", "For the academic year 2026/27.", date(2027, 8, 31)),
        ("Volunteers", "Winter 2026 camps.", date(2027, 2, 28)),
        ("Grants 2019", "Apply now.", date(2019, 12, 31)),
        ("Стажировка", "Мы работаем с 2010 года. Присылайте резюме.", None),
        ("Job", "Founded in 1994, we are looking for a coordinator.", None),
        ("Course", "Apply by 15 March.", None),
    ],
)  # fmt: skip
def test_the_latest_period_the_text_names(title: str, summary: str, end: date | None) -> None:
    assert period_end(title, summary) == end


def test_only_the_latest_period_counts() -> None:
    # A text that recalls 2019 and names 2027 may be open.
    assert period_end("Grants", "Our 2019 grants helped many. Round for 2027 is open.") == date(
        2027, 12, 31
    )


def test_periods_before_a_known_publication_are_history() -> None:
    summary = "In 2015 году we started. Apply by 3 May."
    assert period_end("Call", summary) == date(2015, 12, 31)
    assert period_end("Call", summary, date(2026, 11, 1)) is None


def test_over_when_every_period_has_ended() -> None:
    today = date(2026, 12, 7)
    assert period_over("Praktik", "Vi söker praktikanter för våren 2026.", None, today)
    assert not period_over("Praktik", "Vi söker praktikanter för våren 2027.", None, today)
    assert not period_over("Praktik", "Vi söker praktikanter.", None, today)
