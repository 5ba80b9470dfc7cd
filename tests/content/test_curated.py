from __future__ import annotations

from datetime import date

import pytest

from cagbot.content.curated import parse_opportunities
from cagbot.content.parsing import SourceError
from cagbot.models import TEXT_FIELDS
from cagbot.paths import opportunities_file

GOOD = """
[[opportunity]]
title = "[English] Residence for Climate activist in Kyrgyzstan"
type = "residency"
deadline = 2027-02-28
apply_url = "mailto:info@centralasien.se"
titles = { ru = "Резиденция для климатического активиста в Кыргызстане" }
"""


def test_bundled_file_loads_without_skips_or_warnings() -> None:
    result = parse_opportunities(opportunities_file().read_text(encoding="utf-8"), "o.toml")
    assert result.skipped == []
    assert result.warnings == []
    assert len(result.posts) >= 5
    languages = {draft.language for draft in result.drafts}
    assert languages == {"sv", "en", "ru"}
    for draft in result.drafts:
        details = draft.opportunity
        assert details is not None
        assert draft.kind == "opportunity"
        assert set(details.titles) == {"sv", "en", "ru"}
        assert details.apply_url is not None
        assert details.apply_url.startswith(("https://centralasien.se/", "mailto:info@"))
        if details.is_open:
            assert details.deadline is not None
            assert details.deadline > date(2026, 11, 21)
    assert any(not draft.opportunity.is_open for draft in result.drafts if draft.opportunity)


def test_seed_opportunities_carry_the_requested_russian_titles() -> None:
    result = parse_opportunities(opportunities_file().read_text(encoding="utf-8"), "o.toml")
    titles = {
        draft.title: draft.opportunity.titles["ru"] for draft in result.drafts if draft.opportunity
    }
    assert titles["Residence for Climate activist in Kyrgyzstan"] == (
        "Резиденция для климатического активиста в Кыргызстане"
    )
    assert (
        titles["Praktikant med inriktning genus/tjejers rättigheter (med placering Kirgizistan)"]
        == "Стажировка: гендер и права девушек (Кыргызстан)"
    )


def test_entry_fields() -> None:
    (draft,) = parse_opportunities(GOOD, "o.toml").drafts
    assert draft.title == "Residence for Climate activist in Kyrgyzstan"
    assert draft.language == "en"  # from the marker
    assert draft.key == "residence for climate activist in kyrgyzstan"
    assert draft.opportunity is not None
    assert draft.opportunity.deadline == date(2027, 2, 28)
    assert draft.opportunity.titles == {
        "en": "Residence for Climate activist in Kyrgyzstan",
        "ru": "Резиденция для климатического активиста в Кыргызстане",
    }


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ('type = "internship"', "title is missing"),
        ('title = "X"\ntype = "picnic"', "type must be one of"),
        ('title = "X"\ntype = "other"\ndeadline = "soon"', "not an ISO date"),
        ('title = "X"\ntype = "other"\napply_url = "www.x"', "must start with"),
        ('title = "X"\ntype = "other"\napply_url = "https://x.org/a b"', "not a public web"),
        ('title = "X"\ntype = "other"\napply_url = "http://127.0.0.1:8080/"', "not a public"),
        ('title = "X"\ntype = "other"\nis_open = "yes"', "is_open must be"),
        ('title = "X"\ntype = "other"\nlanguage = "de"', "language must be"),
        ('title = "X"\ntype = "other"\ntitles = { de = "Y" }', "titles.de"),
    ],
)
def test_bad_entries_are_skipped_alone(entry: str, reason: str) -> None:
    result = parse_opportunities(f"[[opportunity]]\n{entry}\n{GOOD}", "o.toml")
    assert len(result.posts) == 1
    assert len(result.skipped) == 1
    assert reason in result.skipped[0].reason


def test_unknown_fields_warn() -> None:
    result = parse_opportunities(GOOD + "dealine = 2027-01-01\n", "o.toml")
    assert len(result.posts) == 1
    assert "dealine" in result.warnings[0]


def test_invalid_toml_fails_the_file() -> None:
    with pytest.raises(SourceError, match="not valid TOML"):
        parse_opportunities("[[opportunity]\ntitle = ", "o.toml")


PER_LANGUAGE = """
[[opportunity]]
title = "Volontär på kansliet i Malmö"
language = "sv"
type = "volunteering"
summary = "Vi söker volontärer."
location = "Malmö, Sverige"
how_to_apply = "Skriv till oss."
apply_label = "Skriv till oss"
apply_url = "https://centralasien.se/engagera-dig/"

[opportunity.ru]
title = "Волонтёр в офисе в Мальмё"
summary = "Мы ищем волонтёров."
location = "Мальмё, Швеция"
how_to_apply = "Напишите нам."
apply_label = "Написать нам"
"""


def test_per_language_tables_become_versions_of_every_text() -> None:
    (draft,) = parse_opportunities(PER_LANGUAGE, "o.toml").drafts
    assert draft.language == "sv"
    assert draft.opportunity is not None
    assert draft.opportunity.apply_label == "Skriv till oss"
    ru = draft.versions["ru"]
    assert (ru.title, ru.summary, ru.location, ru.how_to_apply, ru.apply_label) == (
        "Волонтёр в офисе в Мальмё",
        "Мы ищем волонтёров.",
        "Мальмё, Швеция",
        "Напишите нам.",
        "Написать нам",
    )
    # the older titles table stays in step for search and older callers
    assert draft.opportunity.titles["ru"] == "Волонтёр в офисе в Мальмё"


def test_field_tables_work_too() -> None:
    text = GOOD + 'location = { en = "Osh, Kyrgyzstan", ru = "Ош, Кыргызстан" }\n'
    (draft,) = parse_opportunities(text, "o.toml").drafts
    assert draft.opportunity is not None
    assert draft.opportunity.location == "Osh, Kyrgyzstan"  # the original language's
    assert draft.versions["ru"].location == "Ош, Кыргызстан"
    # the legacy titles table of GOOD is a version's title
    assert draft.versions["ru"].title == "Резиденция для климатического активиста в Кыргызстане"


def test_old_single_language_files_still_import() -> None:
    (draft,) = parse_opportunities(GOOD, "o.toml").drafts
    assert set(draft.versions) == {"ru"}
    assert draft.versions["ru"].summary is None  # shown in English, marked


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("[opportunity.ru]\nplace = 'Ош'\n", "unknown text field"),
        ("ru = 'Ош'\n", "must be a table"),
        ("location = { russian = 'Ош' }\n", "not a language code"),
        ("[opportunity.ru]\nlocation = 5\n", "location must be a string"),
    ],
)
def test_bad_language_tables_skip_the_entry(extra: str, reason: str) -> None:
    result = parse_opportunities(GOOD + extra, "o.toml")
    assert result.posts == []
    assert reason in result.skipped[0].reason


def test_shipped_sample_is_complete_in_swedish_english_and_russian() -> None:
    result = parse_opportunities(opportunities_file().read_text(encoding="utf-8"), "o.toml")
    for draft in result.drafts:
        details = draft.opportunity
        assert details is not None
        for language in ("sv", "en", "ru"):
            if language == draft.language:
                fields = {
                    "title": draft.title,
                    "summary": draft.summary,
                    "location": details.location,
                    "duration": details.duration,
                    "how_to_apply": details.how_to_apply,
                    "apply_label": details.apply_label,
                }
            else:
                version = draft.versions[language]
                fields = {name: version.get(name) for name in TEXT_FIELDS}
            missing = [name for name, value in fields.items() if not value]
            assert missing == [], (draft.title, language, missing)
        # Russian readers write Kyrgyz places in Cyrillic: «Ош, Кыргызстан»
        ru_location = details.location if draft.language == "ru" else draft.versions["ru"].location
        assert ru_location is not None
        assert "Кыргызстан" in ru_location or "Швеция" in ru_location
