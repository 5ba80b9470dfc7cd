"""Translations: gettext catalogs in ``locales/`` (babel), loaded once, English as fallback.

A :class:`Translator` is one language's view: ``t.gettext``/``t._`` for texts, ``t.ngettext``
for counts (Russian has three plural forms), and babel-formatted dates and numbers. Strings
are marked for ``pybabel extract`` with ``_``/``ngettext`` at the call site, or with ``N_``
where a text is declared before any language is known (command menus, labels); see
``docs/i18n.md``.

Which language a person gets is decided by :func:`resolve_language`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.dates import format_time as _format_time
from babel.lists import format_list as _format_list
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from cagbot.models import RUSSIAN_READING as _RUSSIAN_READING
from cagbot.paths import locales_dir
from cagbot.settings import LANGUAGES, Language
from cagbot.timezones import DEFAULT_ZONES, zone_name
from cagbot.timezones import zone as _zone

DOMAIN: Final = "cagbot"
FALLBACK: Final[Language] = "en"

# Telegram language codes whose speakers in Central Asia and around read Russian more
# readily than English or Swedish (one definition, shared with content rendering).
RUSSIAN_READING: Final = _RUSSIAN_READING
# The regional conventions each language's texts follow: the bot writes British English
# (15 March 2027, 18:00), so its dates and times are en_GB, not babel's US "en".
LOCALES: Final[dict[str, str]] = {"en": "en_GB", "sv": "sv_SE", "ru": "ru_RU"}


def locale_for(language: str) -> Locale:
    return Locale.parse(LOCALES.get(language, language))


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
    """Texts, plurals, dates and numbers in one language, times in one time zone.

    ``time_zone`` is an IANA name; by default the language's (ru: Asia/Bishkek), and
    :meth:`in_zone` gives the same translator for a chat that chose another.
    """

    language: Language
    translations: NullTranslations
    locale: Locale
    time_zone: str = "UTC"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    _ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return str(self.translations.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return str(self.translations.npgettext(context, singular, plural, n))

    def in_zone(self, name: str | None) -> Translator:
        """This translator with times in ``name`` (the language's default when ``None``)."""
        chosen = zone_name(name, self.language)
        return self if chosen == self.time_zone else replace(self, time_zone=chosen)

    def local(self, moment: datetime) -> datetime:
        """``moment`` (naive means UTC) in this translator's time zone."""
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return aware.astimezone(_zone(self.time_zone))

    def format_date(self, moment: date | datetime, fmt: str = "long") -> str:
        """A date; a datetime is first moved to the reader's time zone (a post published
        at 22:00 UTC is the next day in Bishkek)."""
        day = self.local(moment).date() if isinstance(moment, datetime) else moment
        return _format_date(day, format=fmt, locale=self.locale)

    def format_datetime(self, moment: datetime, fmt: str = "medium") -> str:
        """Date and time in the reader's time zone and locale."""
        local = self.local(moment)
        return str(_format_datetime(local, format=fmt, tzinfo=local.tzinfo, locale=self.locale))

    def format_time(self, moment: datetime, fmt: str = "short") -> str:
        local = self.local(moment)
        return str(_format_time(local, format=fmt, tzinfo=local.tzinfo, locale=self.locale))

    def format_number(self, number: int | float) -> str:
        return format_decimal(number, locale=self.locale)

    def format_list(self, items: Sequence[str]) -> str:
        """«a, b и c», "a, b and c", "a, b och c": the language's own way to join a list in
        a sentence."""
        return _format_list(list(items), locale=self.locale) if items else ""

    @staticmethod
    def format_names(items: Sequence[str]) -> str:
        """Names that may hold an "and" themselves (topic labels such as «Климат и
        экология»), as a tag list: commas only, in every language. (CLDR's unit lists,
        which would say so, join Russian with spaces and have no Swedish data in babel.)"""
        return ", ".join(items)


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
            translators[language] = Translator(
                language, catalog, locale_for(language), DEFAULT_ZONES.get(language, "UTC")
            )
        return cls(translators)

    def get(self, language: str | None) -> Translator:
        if language in self._translators:
            return self._translators[language]
        return self._translators[FALLBACK]

    def __iter__(self) -> Iterator[Translator]:
        return iter(self._translators.values())


def null_translator(language: Language = FALLBACK) -> Translator:
    """A translator that returns msgids untouched (for code paths before catalogs load)."""
    return Translator(
        language, NullTranslations(), locale_for(language), DEFAULT_ZONES.get(language, "UTC")
    )
