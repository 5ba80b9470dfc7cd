from __future__ import annotations

from datetime import date

import pytest

from cagbot.content.curated import parse_opportunities
from cagbot.content.parsing import SourceError
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
