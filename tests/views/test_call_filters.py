"""The call filters' line and screen: every kind, any place, any language when nothing is
chosen; the chosen kinds and places named in the reader's language; a reminder when
opportunity alerts are off."""

from __future__ import annotations

from dataclasses import replace

from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.views.call_filters import call_filters_prompt, calls_line, kind_label, place_label
from tests.views.conftest import SUBSCRIBER

LEXICON = load_lexicon()


def test_nothing_chosen_means_everything(i18n: I18n) -> None:
    assert calls_line(i18n.get("en"), LEXICON, (), (), "all") == (
        "Calls: every kind; any place; any language, marked"
    )


def test_the_chosen_kinds_places_and_languages_are_named(i18n: I18n) -> None:
    en = i18n.get("en")
    line = calls_line(en, LEXICON, ("internship", "grant"), ("kg", "online"), "mine")
    assert line.startswith("Calls: Internships")
    assert "Grants" in line
    assert "Anywhere online" in line
    assert line.endswith("; only in your language")
    ru = i18n.get("ru")
    assert place_label(ru, LEXICON, "kg") == "Кыргызстан"
    assert place_label(ru, LEXICON, "xx") == "xx"  # unknown: shown as it is
    assert kind_label(en, "no-such-kind") == "Other calls"


def test_the_screen_says_when_alerts_are_off(i18n: I18n) -> None:
    en = i18n.get("en")
    on = call_filters_prompt(en, LEXICON, SUBSCRIBER)
    assert on.startswith("<b>Which calls should I tell you about?</b>\nCalls: every kind;")
    alerts_off = en.gettext("Opportunity alerts are off: turn them on to get calls.")
    assert alerts_off not in on
    off = call_filters_prompt(en, LEXICON, replace(SUBSCRIBER, opportunity_alerts=False))
    assert off.endswith("\n\n" + alerts_off)
