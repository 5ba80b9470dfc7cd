from __future__ import annotations

from cagbot.search.query import MAX_CONTENT_WORDS, MAX_QUERY_CHARS, prepare, query_cost


def test_repeated_words_collapse_and_case_is_kept_for_names() -> None:
    prepared = prepare("стажировка " * 40)
    assert prepared.words == ("стажировка",)
    assert prepared.content == 1
    named = prepare("Nothing about Bishkek or NGO")
    position = named.words.index("bishkek")
    assert named.capitalised(position)
    assert not named.capitalised(named.words.index("ngo"))  # an acronym is not a name


def test_content_words_are_capped_but_phrase_stopwords_kept() -> None:
    words = [f"word{chr(97 + i)}x" for i in range(30)]
    prepared = prepare(" ".join(words))
    assert prepared.content == MAX_CONTENT_WORDS
    assert prepared.words == tuple(words[:MAX_CONTENT_WORDS])
    assert prepare("mäns våld mot kvinnor").words == ("mäns", "våld", "mot", "kvinnor")


def test_long_text_is_cut_before_any_work() -> None:
    prepared = prepare("a" * 10_000 + " internship")
    assert "internship" not in prepared.words
    assert len("".join(prepared.words)) <= MAX_QUERY_CHARS


def test_filler_greetings_and_language_names_carry_no_weight() -> None:
    for message in ["салам", "кыргызча", "hej hej", "здравствуйте, подскажите пожалуйста"]:
        assert prepare(message).content == 0, message
    question = prepare("здравствуйте, как подать заявку на стажировку в Оше летом, подскажите")
    assert [w for w in question.words if w in {"стажировку", "оше", "подать", "заявку"}] == [
        "подать",
        "заявку",
        "стажировку",
        "оше",
    ]


def test_cost_grows_with_content_words_not_with_repeats_or_numbers() -> None:
    assert query_cost("internship") == 1.0
    assert query_cost("internship " * 50) == 1.0
    assert query_cost("стажировка 1 2 3") == 1.0
    assert query_cost("one two three four five six seven eight nine ten") > 2.0


def test_a_long_message_of_whitespace_first_is_no_query() -> None:
    """Found by the fuzzer: 300 spaces then a word crashed the flood gate."""
    text = " " * (MAX_QUERY_CHARS + 40) + "internship"
    assert prepare(text).words == ()
    assert query_cost(text) >= 0
