"""Names the views share: languages, opportunity types, filters, frequencies, topics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from cagbot.i18n import N_, Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import esc

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


def language_name(t: Translator, code: str) -> str:
    return t.gettext(LANGUAGE_NAMES.get(code, code))


def topic_labels(t: Translator, lexicon: Lexicon, slugs: Sequence[str]) -> list[str]:
    labels = []
    for slug in slugs:
        entry = lexicon.topic(slug)
        labels.append(entry.label(t.language) if entry else slug)
    return labels


def html_link(url: str | None, label: str) -> str | None:
    if not url or not url.startswith(("http://", "https://")):
        return None
    return f'<a href="{esc(url)}">{esc(label)}</a>'
