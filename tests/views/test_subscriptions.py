"""What a chat has chosen and what subscribing will do: one line per choice (topics named,
or counted in the editor), the content-language choice in the reader's grammar, digests at
their local hour, paused and never-subscribed told apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.views import subscriptions as texts
from tests.views.conftest import SUBSCRIBER

LEXICON = load_lexicon()


def test_the_content_language_line_names_the_language(i18n: I18n) -> None:
    en = i18n.get("en")
    assert texts.content_languages_line(en, "mine", "ru") == en.gettext(
        "Posts: only those in Russian"
    )
    assert texts.content_languages_line(en, "mine", "ky") == en.gettext(
        "Posts: only those in your language"
    )
    assert texts.content_languages_line(en, "all", "ru") == en.gettext(
        "Posts: in all languages, yours first"
    )
    assert texts.content_language_buttons(en, "xx") == (
        en.gettext("Only my language"),
        en.gettext("All languages"),
    )


def test_digests_come_at_the_local_hour(i18n: I18n) -> None:
    noon = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
    bishkek = texts.digest_time(i18n.get("ru"), noon)
    stockholm = texts.digest_time(i18n.get("sv"), noon)
    assert bishkek == stockholm  # the same local hour in each zone
    en = i18n.get("en")
    assert texts.frequency_line(en, "instant") == en.gettext(
        "Notifications: as soon as something is published"
    )
    assert texts.digest_time(en) in texts.frequency_line(en, "daily")
    assert texts.frequency_line(en, "weekly") != texts.frequency_line(en, "daily")


def test_settings_tell_on_paused_and_never_subscribed_apart(i18n: I18n) -> None:
    en = i18n.get("en")
    on = texts.subscription(en, LEXICON, SUBSCRIBER)
    paused = texts.subscription(
        en, LEXICON, replace(SUBSCRIBER, subscribed=False, ever_subscribed=True)
    )
    never = texts.subscription(en, LEXICON, replace(SUBSCRIBER, subscribed=False))
    assert len({on.split("\n")[1], paused.split("\n")[1], never.split("\n")[1]}) == 3
    assert "/subscribe" in paused
    assert en.gettext("Topics: all (none chosen)") in on
    assert "🗂 " in on  # the call filters, with alerts on
    assert "🗂 " not in texts.subscription(
        en, LEXICON, replace(SUBSCRIBER, opportunity_alerts=False)
    )


def test_the_editor_counts_many_topics_instead_of_naming_them(i18n: I18n) -> None:
    en = i18n.get("en")
    three = replace(SUBSCRIBER, subscribed=False, topics=("climate", "gender", "peace"))
    prompt = texts.subscribe_prompt(en, LEXICON, three)
    assert "3 chosen" in prompt
    two = texts.subscribed(en, LEXICON, replace(three, topics=("climate", "gender")))
    assert "Climate and environment" in two


def test_the_help_under_the_editor_is_the_chosen_ones(i18n: I18n) -> None:
    en = i18n.get("en")
    every, only = texts.content_language_help(en, "en").split("\n")
    mine = texts.subscribe_prompt(en, LEXICON, replace(SUBSCRIBER, subscribed=False))
    assert only in mine
    assert every not in mine
    everything = replace(SUBSCRIBER, subscribed=False, content_languages="all")
    assert every in texts.subscribe_prompt(en, LEXICON, everything)
