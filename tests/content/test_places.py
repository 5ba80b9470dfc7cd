"""A call's place: its location tags its country, and "online" comes from its location or
title only (never its summary, where "apply online" is common)."""

from __future__ import annotations

from cagbot.content.importer import enrich
from cagbot.content.parsing import ParsedPost
from cagbot.content.places import ONLINE, is_online, place_slugs
from cagbot.lexicon import load_lexicon
from cagbot.models import OpportunityDetails, PostDraft


def _call(title: str, location: str | None, summary: str = "Two months of work.") -> PostDraft:
    draft = PostDraft(
        key=title.lower(),
        title=title,
        summary=summary,
        language="en",
        source="test",
        kind="opportunity",
        opportunity=OpportunityDetails(type="internship", location=location),
    )
    return enrich(ParsedPost(draft), load_lexicon())


def test_the_location_names_the_country() -> None:
    assert _call("Internship at a youth centre", "Osh, Kyrgyzstan").countries == ("kg",)
    assert _call("Praktik", "Malmö, Sverige").countries == ("se",)
    assert _call("Стажировка", "Алматы, Казахстан").countries == ("kz",)


def test_online_comes_from_the_location_or_title_not_the_summary() -> None:
    assert ONLINE in _call("Internship", "Online").countries
    assert ONLINE in _call("Онлайн-курс по журналистике", None).countries
    assert ONLINE in _call("Praktik", "På distans").countries
    applied = _call("Internship in Osh", "Osh, Kyrgyzstan", "Apply online by 1 May.")
    assert ONLINE not in applied.countries
    assert not is_online("Удалено из списка", None)


def test_every_lexicon_country_and_online_may_be_chosen() -> None:
    slugs = place_slugs(load_lexicon())
    assert slugs[-1] == ONLINE
    assert {"kg", "kz", "se"} <= set(slugs)
