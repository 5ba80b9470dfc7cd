"""Translations: gettext catalogs in ``locales/`` (babel), loaded once, English as fallback.

A :class:`Translator` is one language's view: ``t.gettext``/``t._`` for texts, ``t.ngettext``
for counts (Russian has three plural forms), and babel-formatted dates and numbers. Strings
are marked for ``pybabel extract`` with ``_``/``ngettext`` at the call site, or with ``N_``
where a text is declared before any language is known (command menus, labels); see
``docs/i18n.md``.

Which language a person gets is decided by :func:`resolve_language`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Final

from babel import Locale
from babel.dates import format_date as _format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from cagbot.models import RUSSIAN_READING as _RUSSIAN_READING
from cagbot.paths import locales_dir
from cagbot.settings import LANGUAGES, Language

DOMAIN: Final = "cagbot"
FALLBACK: Final[Language] = "en"

# Telegram language codes whose speakers in Central Asia and around read Russian more
# readily than English or Swedish (one definition, shared with content rendering).
RUSSIAN_READING: Final = _RUSSIAN_READING


def N_(message: str) -> str:
    """Mark a text for extraction without translating it now."""
    return message


def map_telegram_language(code: str | None) -> Language | None:
    """What a Telegram ``language_code`` (IETF tag, e.g. ``ru``, ``sv-SE``) means for us.

    ``None`` when Telegram told us nothing; otherwise always one of our languages.
    """
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-", 1)[0]
    if not primary:
        return None
    if primary in RUSSIAN_READING:
        return "ru"
    if primary == "sv":
        return "sv"
    return "en"


def resolve_language(chosen: str | None, telegram_code: str | None, default: Language) -> Language:
    """A person's language: their own choice, else their Telegram language, else ``default``."""
    if chosen in LANGUAGES:
        return chosen
    return map_telegram_language(telegram_code) or default


@dataclass(frozen=True, slots=True)
class Translator:
    """Texts, plurals, dates and numbers in one language."""

    language: Language
    translations: NullTranslations
    locale: Locale

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    _ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def format_date(self, moment: date | datetime, fmt: str = "long") -> str:
        day = moment.date() if isinstance(moment, datetime) else moment
        return _format_date(day, format=fmt, locale=self.locale)

    def format_number(self, number: int | float) -> str:
        return format_decimal(number, locale=self.locale)


class I18n:
    """All catalogs of the domain, loaded once."""

    def __init__(self, translators: dict[Language, Translator]) -> None:
        self._translators = translators

    @classmethod
    def load(cls, directory: Path | None = None) -> I18n:
        directory = directory or locales_dir()
        english = Translations.load(str(directory), [FALLBACK], DOMAIN)
        translators: dict[Language, Translator] = {}
        for language in LANGUAGES:
            catalog = Translations.load(str(directory), [language], DOMAIN)
            if not isinstance(catalog, Translations):
                raise FileNotFoundError(
                    f"no compiled catalog for {language!r} in {directory} "
                    "(run `pybabel compile -d locales -D cagbot`)"
                )
            if language != FALLBACK:
                catalog.add_fallback(english)
            translators[language] = Translator(language, catalog, Locale.parse(language))
        return cls(translators)

    def get(self, language: str | None) -> Translator:
        if language in self._translators:
            return self._translators[language]
        return self._translators[FALLBACK]

    def __iter__(self) -> Iterator[Translator]:
        return iter(self._translators.values())


def null_translator(language: Language = FALLBACK) -> Translator:
    """A translator that returns msgids untouched (for code paths before catalogs load)."""
    return Translator(language, NullTranslations(), Locale.parse(language))
