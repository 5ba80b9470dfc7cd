from __future__ import annotations

import pytest

from cagbot.content.language import detect_language, strip_language_marker


@pytest.mark.parametrize(
    ("title", "clean", "language"),
    [
        ("[English] Youth Workers visit Kyrgyzstan", "Youth Workers visit Kyrgyzstan", "en"),
        ("(English) Coming home", "Coming home", "en"),
        (
            "Why are only women on parental leave? (English)",
            "Why are only women on parental leave?",
            "en",
        ),
        ("[Svenska] Fem dagar i Osh", "Fem dagar i Osh", "sv"),
        ("(Swedish) Fem dagar i Osh", "Fem dagar i Osh", "sv"),
        ("[Русский] Обмен в Оше", "Обмен в Оше", "ru"),
        ("Обмен в Оше (Russian)", "Обмен в Оше", "ru"),
        (
            "Central Asia and the Myth of Radicalization [explainer clip]",
            "Central Asia and the Myth of Radicalization [explainer clip]",
            None,
        ),
        ("Praktikant (med placering Kirgizistan)", "Praktikant (med placering Kirgizistan)", None),
        ("[English]", "[English]", None),
    ],
)
def test_language_markers_are_stripped(title: str, clean: str, language: str | None) -> None:
    assert strip_language_marker(title) == (clean, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Under våren startade Centralasiengrupperna en så kallad Genusgrupp, som bestått av "
            "ett litet antal eldsjälar.",
            "sv",
        ),
        (
            "Since 2018, CAG has worked within the thematic areas of climate and environment in "
            "Central Asia.",
            "en",
        ),
        ("Общественное объединение «Новый ритм» ищет участников для молодёжного обмена.", "ru"),
        # Swedish text full of English names stays Swedish.
        (
            "Vi har dessutom fått delta i ett kunskapsutbyte med Novi Ritm och Youth Agents for "
            "Change i Osh.",
            "sv",
        ),
        # English text that names Malmö and Göteborg stays English.
        (
            "The participants from Malmö and Göteborg met the youth workers of Novi Ritm in "
            "the city of Osh.",
            "en",
        ),
        ("", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Жаштар демилгелери гранттык сынагы: сунуштар кыргыз же орус тилдеринде кабыл алынат",
            "ky",
        ),
        ("Жастарға арналған Zhas Project шағын гранттар конкурсы басталды, өтінім қабылдау", "kk"),
        (
            "Тоҷикистон ва Қирғизистон дар соҳаи сиёсати ҷавонон барномаи ҳамкорӣ имзо карданд",
            "tg",
        ),
        ("Ўзбекистонда ҳар ҳафтанинг пайшанбаси “Ёшлар куни” бўлиши белгиланди", "uz"),
        ("O‘zbekistonda yana bir respublika tanlovi tashkil etiladi, yoshlar uchun qaror", "uz"),
        (
            "Мінмолоді оголосило конкурс проєктів для дитячих і молодіжних громадських організацій",
            "uk",
        ),
        (
            "Програмата е разработена в съответствие с целите на Националната стратегия за "
            "младежта, да осигури дългосрочно финансиране на младежките центрове в страната",
            "bg",
        ),
        # Russian quoting a Kazakh grant's name stays Russian.
        ("В области стартовал прием заявок на грант «Тәуелсіздік ұрпақтары» для молодежи", "ru"),
    ],
)
def test_neighbouring_languages_get_their_own_code(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_counting_in_c_detects_as_the_word_by_word_loop() -> None:
    """The stopwords are counted with sum(map(...)) over the text with its apostrophes made
    one: every evaluation text and every seed post gets the language of the loop (issue 28)."""
    import re

    from cagbot.content import language
    from tests.content.fresh2_eval import load_fresh2
    from tests.content.realworld_eval import load_fresh, load_items

    def by_loop(text: str) -> str:
        cyrillic = len(language._CYRILLIC.findall(text))
        latin = len(re.findall(r"[A-Za-zåäöÅÄÖ]", text))
        if cyrillic and cyrillic >= latin * 0.5:
            return language._cyrillic_language(text)
        sv = en = uz = 0
        for word in language._WORD.findall(text.casefold()):
            if word in language._SV_STOPWORDS:
                sv += 1
            elif word in language._EN_STOPWORDS:
                en += 1
            elif word.replace("'", "‘").replace("’", "‘").replace("ʻ", "‘") in language._UZ_LATIN:
                uz += 1
        uz += len(language._UZ_MARKS.findall(text))
        if uz > max(sv, en) + 2:
            return "uz"
        if sv == en:
            return "sv" if sum(text.count(char) for char in "åäöÅÄÖ") else "en"
        return "sv" if sv > en else "en"

    pairs = [(item.title, item.summary) for item in (*load_items(), *load_fresh())]
    pairs += [(item.title, item.summary) for item in load_fresh2()]
    texts = [text for title, summary in pairs for text in (title, f"{title} {summary}")]
    texts += ["bo'yicha yoshlar va bilan uchun ham", "don't stop the music", "Malmö"]
    assert len(texts) > 800
    detected = [detect_language(text) for text in texts]
    assert detected == [by_loop(text) for text in texts]
    assert {"sv", "en", "ru", "uz"} <= set(detected)
