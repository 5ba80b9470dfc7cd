"""The names views share: language buttons, marks of text not in the reader's language,
link labels that warn of a foreign page, topic labels, safe links."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.views.labels import (
    html_link,
    language_button,
    link_label,
    sentence,
    topic_labels,
    unknown_status,
)

LEXICON = load_lexicon()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", ["Шведский", "Английский", "Русский"]), ("sv", ["Svenska", "Engelska", "Ryska"])],
)
def test_a_language_button_is_capitalised_in_the_readers_language(
    i18n: I18n, language: str, expected: list[str]
) -> None:
    t = i18n.get(language)
    assert [language_button(t, code) for code in ("sv", "en", "ru")] == expected
    assert language_button(t, "ky") == "ky"  # no button label: the code, never a crash


def test_a_sentence_starts_with_a_capital() -> None:
    assert sentence("шведский: 1; русский: 2") == "Шведский: 1; русский: 2"
    assert sentence("") == ""


def test_a_link_to_a_page_the_reader_does_not_read_says_its_language(i18n: I18n) -> None:
    en, ru = i18n.get("en"), i18n.get("ru")
    assert link_label(en, "Read more", "sv") == "Read more (in Swedish)"
    assert link_label(ru, "Читать", "sv") == "Читать (на шведском)"
    assert link_label(en, "Read more", "en") == "Read more"
    assert link_label(en, "Read more", None) == "Read more"
    # A Kyrgyz reader reads Russian pages too: no warning on those.
    assert link_label(i18n.get("ru"), "Читать", "ru") == "Читать"


def test_topic_labels_are_the_lexicons_in_the_readers_language(i18n: I18n) -> None:
    assert topic_labels(i18n.get("ru"), LEXICON, ["climate", "no-such-topic"]) == [
        "Климат и экология",
        "no-such-topic",  # an unknown slug is shown as it is, never dropped
    ]


def test_html_link_escapes_and_refuses_what_is_not_a_web_address() -> None:
    assert html_link("https://example.org/?a=1&b=2", 'Say "hi" & <go>') == (
        '<a href="https://example.org/?a=1&amp;b=2">Say &quot;hi&quot; &amp; &lt;go&gt;</a>'
    )
    assert html_link("https://example.org/a b", "x") is None  # Telegram would refuse it
    assert html_link("javascript:alert(1)", "x") is None
    assert html_link(None, "x") is None


def test_an_undated_call_is_marked_may_be_closed(i18n: I18n) -> None:
    assert unknown_status(i18n.get("en")) == "❔ May be closed: check the link"
    assert unknown_status(i18n.get("ru")).startswith("❔ Возможно, уже закрыто")


def test_content_fallback_marks_are_whole_phrases_in_russian(i18n: I18n) -> None:
    from cagbot.models import LocalizedText
    from cagbot.views import content_mark

    t = i18n.get("ru")
    shown = LocalizedText("ru", "T", "S", fallback_from="sv")
    assert content_mark(t, shown) == "🌐 на шведском"
    machine = LocalizedText("ru", "T", "S", machine="sv")
    assert content_mark(t, machine) == "🌐 машинный перевод со шведского"
    assert content_mark(t, LocalizedText("ru", "T", "S")) is None
