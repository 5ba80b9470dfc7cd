"""Post.text_for: the one place that decides which language a reader sees."""

from __future__ import annotations

from datetime import UTC, datetime

from cagbot.models import OpportunityDetails, Post, Version, reading_chain

NOW = datetime(2026, 9, 1, tzinfo=UTC)


def make_post(**overrides: object) -> Post:
    values: dict[str, object] = {
        "id": 1,
        "key": "k",
        "title": "Praktik i Osh",
        "summary": "Vi söker en praktikant.",
        "language": "sv",
        "source": "test",
        "kind": "opportunity",
        "url": None,
        "guid": None,
        "published": None,
        "topics": (),
        "countries": (),
        "opportunity": OpportunityDetails(
            type="internship", location="Osh, Kirgizistan", how_to_apply="Skicka CV."
        ),
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(overrides)
    return Post(**values)  # type: ignore[arg-type]


def test_reading_chain_goes_to_russian_for_russian_readers_then_the_original() -> None:
    assert reading_chain("ky", "sv") == ["ky", "ru", "sv"]
    assert reading_chain("ru", "sv") == ["ru", "sv"]
    assert reading_chain("sv", "sv") == ["sv"]
    assert reading_chain("en", "ru") == ["en", "ru"]


def test_the_original_language_reads_the_original_unmarked() -> None:
    text = make_post().text_for("sv")
    assert (text.title, text.location, text.fallback_from, text.machine) == (
        "Praktik i Osh",
        "Osh, Kirgizistan",
        None,
        None,
    )


def test_a_human_version_is_used_for_every_field_it_has() -> None:
    ru = Version(
        title="Стажировка в Оше",
        summary="Ищем стажёра.",
        location="Ош, Кыргызстан",
        how_to_apply="Отправьте резюме.",
    )
    text = make_post(versions={"ru": ru}).text_for("ru")
    assert (text.title, text.summary, text.location, text.how_to_apply) == (
        "Стажировка в Оше",
        "Ищем стажёра.",
        "Ош, Кыргызстан",
        "Отправьте резюме.",
    )
    assert text.fallback_from is None
    assert text.machine is None
    # A Kyrgyz reader is shown the Russian version (ky -> ru in the chain).
    assert make_post(versions={"ru": ru}).text_for("ky").title == "Стажировка в Оше"


def test_a_missing_field_falls_back_to_the_original_and_is_marked() -> None:
    partial = Version(title="Стажировка в Оше")  # only the title was translated
    text = make_post(versions={"ru": partial}).text_for("ru")
    assert text.title == "Стажировка в Оше"
    assert text.location == "Osh, Kirgizistan"
    assert text.fallback_from == "sv"


def test_no_version_at_all_shows_the_original_marked_with_its_language() -> None:
    text = make_post().text_for("en")
    assert text.title == "Praktik i Osh"
    assert text.fallback_from == "sv"


def test_machine_translation_fills_title_and_summary_and_is_marked() -> None:
    machine = Version(title="Internship in Osh", summary="We seek an intern.", machine=True)
    text = make_post(translations={"en": machine}).text_for("en")
    assert (text.title, text.summary, text.machine) == (
        "Internship in Osh",
        "We seek an intern.",
        "sv",
    )
    # location and how to apply are not machine-translated: shown in Swedish, marked too
    assert text.fallback_from == "sv"


def test_a_human_version_beats_a_machine_translation() -> None:
    machine = Version(title="Internship in Osh", summary="We seek an intern.", machine=True)
    human = Version(
        title="Intern in Osh",
        summary="We are looking for an intern.",
        location="Osh, Kyrgyzstan",
        how_to_apply="Send your CV.",
    )
    text = make_post(translations={"en": machine}, versions={"en": human}).text_for("en")
    assert text.title == "Intern in Osh"
    assert text.summary == "We are looking for an intern."
    assert text.machine is None
    assert text.fallback_from is None


def test_legacy_curated_titles_still_count_as_human_titles() -> None:
    details = OpportunityDetails(type="internship", titles={"ru": "Стажировка"})
    post = make_post(opportunity=details)
    assert post.text_for("ru").title == "Стажировка"
    assert post.title_in("ru") == "Стажировка"


def test_every_version_is_offered_to_search() -> None:
    post = make_post(
        versions={"ru": Version(title="Стажировка", summary="Ищем")},
        translations={"en": Version(title="Internship", machine=True)},
    )
    assert set(post.title_versions()) == {
        ("Praktik i Osh", "sv"),
        ("Стажировка", "ru"),
        ("Internship", "en"),
    }
    assert ("Ищем", "ru") in post.summary_versions()


def test_russian_is_no_fallback_for_a_russian_reading_language() -> None:
    russian = make_post(language="ru", title="Стажировка", summary="Ищем стажёра.")
    assert russian.text_for("ky").fallback_from is None
    assert russian.text_for("en").fallback_from == "ru"
