"""Names of languages in the phrases a reader sees them in, for views and notifications alike.

Whole phrases rather than "in {language}": Russian and Swedish inflect a language's name
differently after each preposition («на шведском», «со шведского», «på svenska»), and
write it in lowercase inside a sentence.
"""

from __future__ import annotations

from typing import Final

from babel import Locale, UnknownLocaleError

from cagbot.i18n import N_, Translator

LANGUAGE_NAMES: Final = {
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "sv": N_("Swedish"),
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "en": N_("English"),
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "ru": N_("Russian"),
    # Languages a post may be written in (they are not interface languages).
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "ky": N_("Kyrgyz"),
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "kk": N_("Kazakh"),
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "uz": N_("Uzbek"),
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "tg": N_("Tajik"),
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "uk": N_("Ukrainian"),
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "bg": N_("Bulgarian"),
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "sr": N_("Serbian"),
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "de": N_("German"),
    # Translators: a language's name inside a sentence (sv, ru: lowercase).
    "fr": N_("French"),
}
# A mark before a text shown in its original language because no version in the reader's
# language exists (ru «на шведском», sv «på svenska»).
IN_LANGUAGE: Final = {
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "sv": N_("in Swedish"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "en": N_("in English"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "ru": N_("in Russian"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "ky": N_("in Kyrgyz"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "kk": N_("in Kazakh"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "uz": N_("in Uzbek"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "tg": N_("in Tajik"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "uk": N_("in Ukrainian"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "bg": N_("in Bulgarian"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "sr": N_("in Serbian"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "de": N_("in German"),
    # Translators: marks a text shown in its original language (ru «на шведском»).
    "fr": N_("in French"),
}
# A mark before a text translated by a machine, not by a person.
MACHINE_FROM: Final = {
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "sv": N_("machine translation from Swedish"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "en": N_("machine translation from English"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "ru": N_("machine translation from Russian"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "ky": N_("machine translation from Kyrgyz"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "kk": N_("machine translation from Kazakh"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "uz": N_("machine translation from Uzbek"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "tg": N_("machine translation from Tajik"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "uk": N_("machine translation from Ukrainian"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "bg": N_("machine translation from Bulgarian"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "sr": N_("machine translation from Serbian"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "de": N_("machine translation from German"),
    # Translators: marks a machine-translated text (ru «машинный перевод со шведского»).
    "fr": N_("machine translation from French"),
}


def language_name(t: Translator, code: str) -> str:
    """A language's name as a noun in running text (lowercase in sv and ru); a language we
    have no name for gets babel's (CLDR) name, never a bare code."""
    if code in LANGUAGE_NAMES:
        return t.gettext(LANGUAGE_NAMES[code])
    try:
        name = Locale.parse(code).get_display_name(t.locale)
    except (ValueError, TypeError, LookupError, UnknownLocaleError):
        name = None
    # Translators: the name of a language the bot has no name for.
    return name or t.gettext("another language")


def in_language(t: Translator, code: str) -> str:
    """«на шведском», "in Swedish": a text shown in ``code``."""
    phrase = IN_LANGUAGE.get(code)
    if phrase:
        return t.gettext(phrase)
    # Translators: marks a text in a language the bot cannot name.
    return t.gettext("in another language")


def machine_from(t: Translator, code: str) -> str:
    """«машинный перевод со шведского»."""
    phrase = MACHINE_FROM.get(code)
    if phrase:
        return t.gettext(phrase)
    # Translators: marks a machine translation from a language the bot cannot name.
    return t.gettext("machine translation from another language")
