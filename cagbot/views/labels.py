"""Names the views share: languages, opportunity types, filters, frequencies, topics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from cagbot.i18n import N_, Translator
from cagbot.lexicon import Lexicon
from cagbot.links import web_url
from cagbot.markup import esc
from cagbot.models import LocalizedText, Post

LANGUAGE_NAMES: Final = {
    "sv": N_("Swedish"),
    "en": N_("English"),
    "ru": N_("Russian"),
    # Languages a post may be written in (they are not interface languages).
    "ky": N_("Kyrgyz"),
    "kk": N_("Kazakh"),
    "uz": N_("Uzbek"),
    "tg": N_("Tajik"),
    "uk": N_("Ukrainian"),
    "bg": N_("Bulgarian"),
    "sr": N_("Serbian"),
    "de": N_("German"),
    "fr": N_("French"),
}
# Each language's own name, for the picker: a reader must recognise their language even
# when the bot currently speaks another one.
NATIVE_NAMES: Final = {"sv": "🇸🇪 Svenska", "en": "🇬🇧 English", "ru": "🇷🇺 Русский"}
OPPORTUNITY_TYPES: Final = {
    "internship": N_("Internship"),
    "residency": N_("Residency"),
    "exchange": N_("Exchange"),
    "volunteering": N_("Volunteering"),
    # Translators: an open position, a paid job
    "job": N_("Job"),
    # Translators: funding an organisation or a project applies for
    "grant": N_("Grant"),
    "scholarship": N_("Scholarship"),
    # Translators: a competition people enter (essays, projects, art)
    "contest": N_("Contest"),
    # Translators: a course or training one applies to take part in
    "course": N_("Course or training"),
    "other": N_("Other"),
}
OPPORTUNITY_FILTERS: Final = {
    "all": N_("All"),
    "internship": N_("Internships"),
    "residency": N_("Residencies"),
    "exchange": N_("Exchanges"),
    "volunteering": N_("Volunteering"),
    "job": N_("Jobs"),
    "grant": N_("Grants"),
    "scholarship": N_("Scholarships"),
    "contest": N_("Contests"),
    "course": N_("Courses"),
}
FREQUENCIES: Final = {"instant": N_("Instant"), "daily": N_("Daily"), "weekly": N_("Weekly")}
# Whole phrases rather than "in {language}": Russian and Swedish inflect the language name
# differently after each preposition («на шведском», «со шведского»).
# Translators: marks a post shown in its original language because no version in the
# reader's language exists.
IN_LANGUAGE: Final = {
    "sv": N_("in Swedish"),
    "en": N_("in English"),
    "ru": N_("in Russian"),
}
# Translators: marks a title or summary translated by a machine, not by a person.
MACHINE_FROM: Final = {
    "sv": N_("machine translation from Swedish"),
    "en": N_("machine translation from English"),
    "ru": N_("machine translation from Russian"),
}


def language_name(t: Translator, code: str) -> str:
    return t.gettext(LANGUAGE_NAMES.get(code, code))


def language_button(t: Translator, code: str) -> str:
    """A language's name as a button label: capitalised in every language (Russian and
    Swedish write language names in lowercase inside a sentence)."""
    # Translators: a language's name on a button, capitalised («Шведский», "Svenska").
    if code == "sv":
        return t.pgettext("button", "Swedish")
    # Translators: a language's name on a button, capitalised («Английский», "Engelska").
    if code == "en":
        return t.pgettext("button", "English")
    # Translators: a language's name on a button, capitalised («Русский», "Ryska").
    if code == "ru":
        return t.pgettext("button", "Russian")
    return code


def content_mark(t: Translator, text: LocalizedText) -> str | None:
    """The visible mark of a post not (wholly) in the reader's language, or ``None``."""
    if text.machine is not None:
        phrase = MACHINE_FROM.get(text.machine)
        if phrase is not None:
            return "🌐 " + t.gettext(phrase)
        # Translators: {language} is a language code such as "ky" (no name known).
        return "🌐 " + t.gettext("machine translation from {language}").format(
            language=text.machine
        )
    if text.fallback_from is not None:
        phrase = IN_LANGUAGE.get(text.fallback_from)
        if phrase is not None:
            return "🌐 " + t.gettext(phrase)
        # A language the interface does not speak (Kyrgyz, Tajik, ...): its name says it.
        return "🌐 " + language_name(t, text.fallback_from)
    return None


def title_mark(t: Translator, post: Post) -> str | None:
    """The mark of a list entry, which shows only the title."""
    return content_mark(t, post.text_for(t.language, ("title",)))


def topic_labels(t: Translator, lexicon: Lexicon, slugs: Sequence[str]) -> list[str]:
    labels = []
    for slug in slugs:
        entry = lexicon.topic(slug)
        labels.append(entry.label(t.language) if entry else slug)
    return labels


def html_link(url: str | None, label: str) -> str | None:
    link = web_url(url)
    if link is None:
        return None
    return f'<a href="{esc(link)}">{esc(label)}</a>'
