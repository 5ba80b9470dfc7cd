"""Language names in the phrases readers see: inflected whole phrases, never a bare code."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from cagbot.i18n_names import IN_LANGUAGE, in_language, language_name, machine_from

I18N = I18n.load()


def test_kyrgyz_reads_as_a_phrase_in_the_readers_grammar() -> None:
    assert in_language(I18N.get("ru"), "ky") == "на кыргызском"
    assert machine_from(I18N.get("ru"), "sv") == "машинный перевод со шведского"
    assert in_language(I18N.get("sv"), "ky") == "på kirgiziska"
    assert in_language(I18N.get("en"), "kk") == "in Kazakh"


@pytest.mark.parametrize("code", ["xx", "q1", "", "zz-YY"])
@pytest.mark.parametrize("language", ["ru", "sv", "en"])
def test_an_unknown_code_is_never_shown(language: str, code: str) -> None:
    t = I18N.get(language)
    for text in (in_language(t, code), machine_from(t, code), language_name(t, code)):
        assert code not in text.split()
        assert text.strip()


def test_a_code_without_our_name_gets_the_cldr_name_in_lowercase() -> None:
    assert language_name(I18N.get("ru"), "pt") == "португальский"
    assert language_name(I18N.get("sv"), "pt") == "portugisiska"


def test_every_phrase_is_translated_in_russian_and_swedish() -> None:
    for language in ("ru", "sv"):
        t = I18N.get(language)
        untranslated = [p for p in IN_LANGUAGE.values() if t.gettext(p) == p]
        assert untranslated == [], language
