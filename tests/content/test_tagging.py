from __future__ import annotations

import pytest

from cagbot.content.tagging import tag
from cagbot.lexicon import Lexicon, load_lexicon, parse_lexicon


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Praktikanter som vill arbeta med tjejers rättigheter", "gender"),
        ("HBTQ-personer i Kasakstan är diskriminerade", "lgbtq"),
        ("Women-led permaculture initiatives", "climate"),
        ("Klimatet förändras snabbt", "climate"),  # klimat -> klim, klimatet -> klimat
        ("environmental degradation", "climate"),
        ("Молодёжный обмен в Оше", "youth"),
        ("Мы за сохранение мира в регионе", "peace"),  # inflected "мира"
        ("Positive changes through social coffee shop in Osh", "social"),
        ("the women's rights movement", "gender"),  # phrase across an apostrophe
    ],
)
def test_topic_forms_match_inflections_and_phrases(lexicon: Lexicon, text: str, topic: str) -> None:
    assert topic in tag(text, lexicon)[0]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Кашмир и Мирлан", "peace"),  # "мир" inside other words
        ("Det var rätt beslut", "rights"),  # rätt (correct) is not rättigheter
        ("took away a mobile phone", "youth"),  # mobile is not mobility
        ("social", "social"),  # one word of a multi-word form is not the phrase
        ("an international conference", "peace"),
    ],
)
def test_no_substring_or_partial_phrase_matches(lexicon: Lexicon, text: str, topic: str) -> None:
    assert topic not in tag(text, lexicon)[0]


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Youth Workers from Sweden and Poland visit Kyrgyzstan", ("kg", "se", "pl")),
        ("I Osh, nära gränsen till Uzbekistan", ("kg", "uz")),
        ("A road trip through Tajikistan", ("tj",)),
        ("Активисты из Алматы и Бишкека", ("kg", "kz")),
        ("Issyk-Kul lake", ("kg",)),
        ("Nothing about any country", ()),
    ],
)
def test_countries(lexicon: Lexicon, text: str, countries: tuple[str, ...]) -> None:
    assert tag(text, lexicon)[1] == countries


def test_tags_follow_the_lexicon_given() -> None:
    small = parse_lexicon(
        """
[topics.bees]
label = { sv = "Bin", en = "Bees", ru = "Пчёлы" }
forms.en = ["honey bee"]
"""
    )
    assert tag("Honey bees of Osh", small) == (("bees",), ())
    assert tag("honey and bees", small) == ((), ())


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Красноярцы выступили на чемпионате мира по робототехнике", "peace"),
        ("Как защититься от фишинга: три базовых правила в мессенджерах", "rights"),
        ("Обмен сообщениями с незнакомцами в мессенджере требует осторожности", "youth"),
        ("The Rules of Bragging Rights: your team beat their team", "rights"),
        ("Authorities restricted peaceful assembly in the capital", "peace"),
        ("As an exchange student I studied in Poland", "youth"),
    ],
)
def test_ambiguous_words_do_not_tag_out_of_their_sense(text: str, absent: str) -> None:
    topics, _ = tag(text, load_lexicon())
    assert absent not in topics


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Переговоры о мире после войны продолжаются", "peace"),
        ("Правозащитники сообщили о нарушениях прав человека в колонии", "rights"),
        ("Defenders of women's and minority rights face harassment", "rights"),
        ("A youth exchange for young people from Osh and Malmö", "youth"),
    ],
)
def test_ambiguous_words_tag_in_their_sense(text: str, topic: str) -> None:
    topics, _ = tag(text, load_lexicon())
    assert topic in topics


def _evaluation_texts() -> list[str]:
    from tests.content.fresh2_eval import load_fresh2
    from tests.content.realworld_eval import load_fresh, load_items

    pairs = [(item.title, item.summary) for item in (*load_items(), *load_fresh())]
    pairs += [(item.title, item.summary) for item in load_fresh2()]
    return [f"{title} {summary}" for title, summary in pairs]


def test_the_stem_cache_and_blocked_positions_change_no_tag(
    lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stemming each word once (a cache) and looking for blocked phrases only where a
    blocked phrase's first word is are short cuts: every evaluation text is tagged as
    with PyStemmer called per post and every position scanned (issue 28)."""
    from collections import defaultdict

    from cagbot.content import tagging

    texts = _evaluation_texts()
    assert len(texts) > 400
    fast = [tag(text, lexicon) for text in texts]

    def plain_stems(language: str, tokens: list[str]) -> list[str]:
        return list(tagging._stemmers()[language].stemWords(tokens))

    def every_position(index, tokens, stems, keys):  # type: ignore[no-untyped-def]
        spans: dict[tuple[str, str], set[int]] = defaultdict(set)
        for position, (token, stem) in enumerate(zip(tokens, stems, strict=True)):
            for key in {token, stem}:
                for phrase in index.get(key, ()):
                    if tagging._starts(phrase, tokens, position):
                        mark = (phrase.entry.kind, phrase.entry.slug)
                        spans[mark].update(range(position, position + len(phrase.words)))
        return spans

    monkeypatch.setattr(tagging, "_stems", plain_stems)
    monkeypatch.setattr(tagging, "_blocked_spans", every_position)
    assert [tag(text, lexicon) for text in texts] == fast
    assert sum(1 for topics, countries in fast if topics or countries) > 100
