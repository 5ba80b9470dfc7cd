"""A page of search results fits one phone screen: 20 lines of 40 characters (issue 20)."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from cagbot import views
from cagbot.bot.queries import SEARCH_LIMIT
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.models import OpportunityDetails
from tests.e2e.phone import MAX_LINES, phone_lines
from tests.views.conftest import assert_valid_html, make_post

LEXICON = load_lexicon()
TODAY = date(2026, 5, 1)

_TAG = re.compile(r"<[^>]+>")


def shown(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


@pytest.mark.parametrize("language", ["sv", "en", "ru"])
def test_the_longest_result_page_fits_a_phone_screen(i18n: I18n, language: str) -> None:
    long_title = "Очень длинный заголовок публикации о молодёжных инициативах в Кыргызстане " * 2
    long_summary = "Длинное описание, которое не помещается в одну строку телефона " * 4
    opportunity = OpportunityDetails(
        type="internship",
        titles={"sv": long_title, "en": long_title},
        deadline=date(2026, 9, 30),
    )
    found = [
        views.Found(make_post(id=1, title=long_title, summary=long_summary, language="ru"), None),
        views.Found(
            make_post(
                id=2,
                title=long_title,
                summary=long_summary,
                kind="opportunity",
                opportunity=opportunity,
                language="ru",
            ),
            None,
        ),
        views.Found(make_post(id=3, title=long_title, summary=long_summary), long_summary),
    ][:SEARCH_LIMIT]
    assert len(found) == SEARCH_LIMIT
    query = "привет, я студентка из Оша, есть ли стажировки или волонтерство летом? " * 3
    text = views.search_results(
        i18n.get(language),
        LEXICON,
        query,
        found,
        today=TODAY,
        searched=("стажировки", "волонтерство", "оша", "летом"),
    )
    assert phone_lines(shown(text)) <= MAX_LINES, shown(text)


def test_the_searched_words_are_named(i18n: I18n) -> None:
    found = [views.Found(make_post(id=1), None)]
    text = views.search_results(
        i18n.get("ru"),
        LEXICON,
        "жаштар үчүн стажировка",
        found,
        today=TODAY,
        searched=("стажировка",),
    )
    assert "Поиск по словам: стажировка" in text
    plain = views.search_results(i18n.get("en"), LEXICON, "climate", found, today=TODAY)
    assert "searched for" not in plain


def test_search_results_count_in_russian(i18n: I18n) -> None:
    found = [views.Found(make_post(id=i), None) for i in range(1, 3)]
    text = views.search_results(i18n.get("ru"), LEXICON, "климат", found, today=TODAY)
    assert "найдено 2 результата" in text  # results are posts and calls alike
    assert_valid_html(text)


def test_no_match_offers_topics_and_a_suggestion(i18n: I18n) -> None:
    text = views.no_match(i18n.get("en"), "bitcoin <price>", "bitcoins", ["Climate"])
    assert "bitcoin &lt;price&gt;" in text
    assert "Did you mean “bitcoins”?" in text
    # The topics are named once, on the buttons below, not listed in the text too.
    assert "Climate" not in text
    assert "Try one of our topics:" in text
