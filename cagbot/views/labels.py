"""Names the views share: languages, opportunity types, filters, frequencies, topics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from cagbot.i18n import N_, Translator
from cagbot.i18n_names import IN_LANGUAGE as IN_LANGUAGE
from cagbot.i18n_names import LANGUAGE_NAMES as LANGUAGE_NAMES
from cagbot.i18n_names import MACHINE_FROM as MACHINE_FROM
from cagbot.i18n_names import in_language as in_language
from cagbot.i18n_names import language_name as language_name
from cagbot.i18n_names import machine_from
from cagbot.lexicon import Lexicon
from cagbot.links import web_url
from cagbot.markup import esc
from cagbot.models import LocalizedText, Post, reading_chain

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
    """The visible mark of a post not (wholly) in the reader's language, or ``None``.

    Machine translation covers only title and summary: when other shown fields are still
    in the original, the mark names both («машинный перевод со шведского; остальное на
    шведском»)."""
    if text.machine is not None:
        mark = "🌐 " + machine_from(t, text.machine)
        if text.fallback_from is not None:
            # Translators: {machine} is e.g. "machine translation from Swedish", {rest}
            # e.g. "in Swedish": title and summary were machine-translated, the other
            # details (place, how to apply) are still in the original.
            mark = "🌐 " + t.gettext("{machine}; the rest {rest}").format(
                machine=machine_from(t, text.machine), rest=in_language(t, text.fallback_from)
            )
        return mark
    if text.fallback_from is not None:
        return "🌐 " + in_language(t, text.fallback_from)
    return None


def sentence(text: str) -> str:
    """``text`` with a capital first letter: a line that starts with a language's name,
    written in lowercase inside a Swedish or Russian sentence («👁 Шведский: 1; русский: 2»)."""
    return text[:1].upper() + text[1:]


def how_to_apply(t: Translator, post: Post, text: str) -> str:
    """ "How to apply: …", saying the instruction's language when it is not the reader's
    (machine translation covers only title and summary, so it often is the original's)."""
    original = post.text_for(t.language, ("how_to_apply",)).fallback_from
    if original is not None:
        # Translators: {in_language} is e.g. "in Swedish" (ru «на шведском»): the
        # instruction {how} is shown in the call's original language.
        return t.gettext("How to apply ({in_language}): {how}").format(
            in_language=in_language(t, original), how=text
        )
    # Translators: {how} is the opportunity's own instruction, e.g. "Send your CV to ...".
    return t.gettext("How to apply: {how}").format(how=text)


def link_label(t: Translator, label: str, page_language: str | None) -> str:
    """A link's label, with the language of the page it opens when the reader does not
    read it ("Read more (in Swedish)"): nobody lands on a foreign page unwarned."""
    if not page_language or page_language in reading_chain(t.language, t.language):
        return label
    # Translators: a link or button to a page in another language; {label} is e.g.
    # "Read more", {in_language} e.g. "in Swedish" (ru «Читать дальше (на шведском)»).
    return t.gettext("{label} ({in_language})").format(
        label=label, in_language=in_language(t, page_language)
    )


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


def unknown_status(t: Translator) -> str:
    """The mark of a call nothing shows to be open or closed (an undated page stating no
    deadline): never offered as open, the reader is sent to the source."""
    # Translators: a call whose page gives no date and no deadline; it may be long over.
    return "❔ " + esc(t.gettext("May be closed: check the link"))
