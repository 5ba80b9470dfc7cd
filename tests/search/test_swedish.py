"""Swedish as volunteers type it (issue 20, fresh set 2): compounds split into the parts the
index knows, definite forms Snowball leaves ("programmet", "kvinnan"), chat forms ("nån",
"nåt", "vet") and words typed without å/ä/ö as stop words."""

from __future__ import annotations

import pytest

from cagbot.lexicon import Lexicon
from cagbot.search import SearchEngine
from cagbot.search.normalize import is_stopword
from cagbot.search.swedish import definite_bases, split_compound
from tests.search.conftest import make_post

KNOWN = {"klimat", "residens", "praktik", "platser", "lösenord", "hanterare", "ungdom", "utbyte"}


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("klimatresidens", ("klimat", "residens")),
        ("praktikplatser", ("praktik", "platser")),
        # The linking "s" of Swedish compounds.
        ("lösenordshanterare", ("lösenord", "hanterare")),
        ("ungdomsutbyte", ("ungdom", "utbyte")),
    ],
)
def test_compounds_split_into_known_parts(word: str, parts: tuple[str, str]) -> None:
    assert split_compound(word, KNOWN.__contains__) == parts


@pytest.mark.parametrize(
    "word",
    [
        "klimatkonferens",  # a part the index does not know
        "klimat",  # too short to hold two parts
        "климатрезиденция",  # Cyrillic words are not Swedish compounds
        "praktik2026",
    ],
)
def test_words_that_are_not_known_compounds_stay_whole(word: str) -> None:
    assert split_compound(word, KNOWN.__contains__) is None


def test_a_pasted_string_is_no_compound() -> None:
    # Longer than any compound: not split even when every part would be "known".
    assert split_compound("abcdefghij" * 5, lambda part: True) is None
    assert split_compound("abcdefghij" * 3, lambda part: True) is not None


@pytest.fixture
def engine(lexicon: Lexicon) -> SearchEngine:
    return SearchEngine.from_posts(
        [
            make_post(
                1,
                "Residens för klimataktivist i Kirgizistan",
                "Klimat och aktivism.",
                language="sv",
            ),
            make_post(2, "Praktik i Osh", "Praktikplatser för unga.", language="sv"),
            make_post(3, "Volontär på kansliet i Malmö", "Hjälp oss.", language="sv"),
            make_post(4, "Climate school", "A week on glaciers."),
            make_post(5, "En skola för flickor i byn", "Varje flicka får läsa.", language="sv"),
            make_post(6, "Mark och vatten", "Torka i byarna.", language="sv"),
        ],
        lexicon,
    )


def ids(engine: SearchEngine, query: str) -> list[int]:
    return [hit.post_id for hit in engine.search(query, language="sv").hits]


def test_a_compound_query_finds_the_post_that_names_its_parts(engine: SearchEngine) -> None:
    assert ids(engine, "klimatresidens")[:1] == [1]


def test_a_known_compound_is_not_split(engine: SearchEngine) -> None:
    # "praktikplatser" is a word of post 2: it matches as written.
    plan = engine._plan("praktikplatser")
    assert [unit.word for unit in plan.units] == ["praktikplatser"]


@pytest.mark.parametrize("word", ["nån", "nåt", "vet", "bli", "typ", "nagon", "pa", "for", "fran"])
def test_swedish_chat_forms_and_words_without_marks_are_stop_words(word: str) -> None:
    assert is_stopword(word)


def test_a_chatty_question_is_answered_without_leaving_words_out(engine: SearchEngine) -> None:
    for query in ("finns det nån praktik i osh?", "hej! vet nån om det finns nåt volontarjobb?"):
        result = engine.search(query, language="sv")
        assert result.hits
        assert not result.ignored, query


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("programmet", "programm"),
        ("programmets", "programm"),
        ("kvinnan", "kvinna"),
        ("utbytena", "utbyten"),
        ("residenset", "residens"),
    ],
)
def test_definite_endings_snowball_leaves(word: str, base: str) -> None:
    assert base in definite_bases(word)
    assert definite_bases("стажировка") == ()


def test_a_definite_form_finds_the_post_with_the_base_form(engine: SearchEngine) -> None:
    # Snowball keys "residenset" apart from "residens"; the unknown query word is tried
    # without its ending. A known word is never stripped: "praktik" stays itself.
    assert ids(engine, "skolan")[:1] == [5]
    assert ids(engine, "flickan")[:1] == [5]
    assert ids(engine, "residenset")[:1] == [1]


def test_swedish_forms_are_tried_only_for_swedish_users(engine: SearchEngine) -> None:
    # "market" is not "mark" + "-et" for someone using the bot in English.
    assert [hit.post_id for hit in engine.search("market", language="en").hits] == []
    assert ids(engine, "marken")[:1] == [6]
