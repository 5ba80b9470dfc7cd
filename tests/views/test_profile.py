"""The bot's profile texts: translated, and within Telegram's 512 and 120 characters."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from cagbot.views.profile import (
    DESCRIPTION_LIMIT,
    SHORT_DESCRIPTION_LIMIT,
    description,
    short_description,
)


@pytest.mark.parametrize("language", ["sv", "en", "ru"])
def test_profile_texts_fit_telegrams_limits(i18n: I18n, language: str) -> None:
    t = i18n.get(language)
    assert 0 < len(description(t)) <= DESCRIPTION_LIMIT
    assert 0 < len(short_description(t)) <= SHORT_DESCRIPTION_LIMIT
    assert "CAG" in description(t)
    assert "CAG" in short_description(t)


def test_profile_texts_are_in_the_readers_language(i18n: I18n) -> None:
    en, ru = i18n.get("en"), i18n.get("ru")
    assert description(en).startswith("Centralasiengrupperna (CAG) works for human rights")
    assert description(ru) != description(en)
    assert short_description(ru) != short_description(en)


class _Wordy:
    """A translator whose translations run long: the limits still hold."""

    language = "en"

    def gettext(self, message: str) -> str:
        return message * 20


def test_an_over_long_translation_is_cut_to_the_limit() -> None:
    t = _Wordy()
    assert len(description(t)) == DESCRIPTION_LIMIT  # type: ignore[arg-type]
    assert len(short_description(t)) == SHORT_DESCRIPTION_LIMIT  # type: ignore[arg-type]
