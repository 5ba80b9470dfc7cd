"""The rules of issue 20, each on a small corpus: unknown words left out, Kyrgyz words and
endings, corrections in the query's own script, Latin-typed Russian phrases and forms."""

from __future__ import annotations

import pytest

from cagbot.lexicon import Lexicon
from cagbot.search import SearchEngine
from tests.search.conftest import make_post


@pytest.fixture
def engine(lexicon: Lexicon) -> SearchEngine:
    return SearchEngine.from_posts(
        [
            make_post(1, "Стажировка в Оше", "Стажировка для студентов.", language="ru"),
            make_post(2, "Волонтёрство летом в Оше", "Летний лагерь.", language="ru"),
            make_post(3, "Гранты для молодёжных инициатив", "Конкурс.", language="ru"),
            make_post(4, "Suicide prevention in schools", "A workshop for teachers."),
            make_post(5, "Volunteer at the office in Malmö", "Help us in Malmö."),
        ],
        lexicon,
    )


def ids(engine: SearchEngine, query: str) -> list[int]:
    return [hit.post_id for hit in engine.search(query).hits]


@pytest.mark.parametrize(
    "query", ["жаштар үчүн стажировка", "Бишкекте стажировка барбы?", "Ошто стажировка барбы"]
)
def test_kyrgyz_words_and_endings_do_not_sink_a_query(engine: SearchEngine, query: str) -> None:
    assert ids(engine, query)[:1] == [1]


def test_kyrgyz_summer_volunteering(engine: SearchEngine) -> None:
    assert ids(engine, "жайкы волонтёрлук")[:1] == [2]
    assert 2 in ids(engine, "jaiky volonterluk")


def test_unknown_words_are_left_out_and_named(engine: SearchEngine) -> None:
    result = engine.search("стажировка квадрокоптер")
    assert [hit.post_id for hit in result.hits][:1] == [1]
    assert result.partial
    assert result.ignored == ("квадрокоптер",)
    # Nothing about X only when every content word is unknown.
    nothing = engine.search("квадрокоптер синхрофазотрон")
    assert nothing.hits == ()
    assert nothing.unknown == ("квадрокоптер", "синхрофазотрон")


def test_a_message_mostly_of_unknown_words_stays_silent(engine: SearchEngine) -> None:
    assert ids(engine, "billig pizza hemleverans") == []
    assert ids(engine, "купить телефон в кредит") == []


def test_the_chatty_question_of_the_issue(engine: SearchEngine) -> None:
    query = "привет, я студентка из Оша, есть ли стажировки или волонтерство летом?"
    result = engine.search(query)
    assert {hit.post_id for hit in result.hits} & {1, 2}
    # No correction into English: «студентка» is never "student", «летом» never "led".
    assert result.suggestion is None or all(
        word.isascii() is False for word in result.suggestion.split()
    )


def test_corrections_stay_in_the_script_and_must_find_more(engine: SearchEngine) -> None:
    assert engine.search("сажировка").suggestion == "стажировка"
    # A Cyrillic word is never corrected to a Latin one.
    assert engine.search("волунтир").suggestion is None
    # A query that already finds its posts as written gets no correction.
    assert engine.search("стажировка").suggestion is None


@pytest.mark.parametrize(
    ("query", "post"),
    [
        ("volonterstvo letom", 2),
        ("волонтерство летом", 2),
        ("stazhirovka v Bishkeke", 1),
        ("grant dlya molodezhi", 3),
        ("грант для молодежи", 3),
        ("гранты молодёжь", 3),
        ("молодёжных грантов", 3),
    ],
)
def test_latin_phrases_and_russian_forms_meet(engine: SearchEngine, query: str, post: int) -> None:
    assert ids(engine, query)[:1] == [post]


@pytest.fixture
def world(lexicon: Lexicon) -> SearchEngine:
    return SearchEngine.from_posts(
        [
            make_post(1, "Sweden bans mobile phones in schools", "Pupils hand them in."),
            make_post(2, "Mobilförbud i skolan från hösten", "Eleverna lämnar in.", language="sv"),
            make_post(3, "Migration law: what changes for workers", "New permits and rules."),
            make_post(4, "Post-grad opportunities", "Funded master's places abroad."),
            make_post(5, "Climate school in Osh", "A week for young activists."),
        ],
        lexicon,
    )


@pytest.mark.parametrize(
    ("query", "posts"),
    [
        ("Swedish school mobile phone ban", {1, 2}),
        ("запрет мобильных телефонов в школах", {1, 2}),
        ("миграционное право", {3}),
        ("scholarship for masters students", {4}),
        ("магистратура", {4}),
    ],
)
def test_cross_language_and_paraphrase_through_lexicon_concepts(
    world: SearchEngine, query: str, posts: set[int]
) -> None:
    assert set(ids(world, query)[:3]) & posts


def test_the_issues_kyrgyz_question_gets_no_correction(engine: SearchEngine) -> None:
    result = engine.search("Бишкекте стажировка барбы?")
    assert result.suggestion is None
    assert [hit.post_id for hit in result.hits][:1] == [1]


def test_a_latin_word_with_h_keeps_its_exact_match(engine: SearchEngine) -> None:
    from cagbot.search.normalize import query_keys

    assert len(set(query_keys("internship"))) == len(query_keys("internship"))
    plan = engine._plan("stazhirovka")
    assert plan.units[0].alternatives[0][1] == 1.0
