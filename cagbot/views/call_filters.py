"""Which calls a chat is told about: kinds, places and languages (/subscribe, /settings,
/mydata). Nothing chosen means every kind or place (the store keeps no rows then)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from cagbot.content.places import ONLINE
from cagbot.i18n import N_, Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import bold, esc
from cagbot.models import OPPORTUNITY_TYPES
from cagbot.store.subscribers import Subscriber
from cagbot.views.labels import OPPORTUNITY_FILTERS

#: The kinds a chat may choose, in the model's order ("other" too: a call the classifier
#: could not place is still a call someone may want).
CALL_KINDS: Final = OPPORTUNITY_TYPES
_OTHER: Final = N_("Other calls")


def kind_label(t: Translator, kind: str) -> str:
    """A kind of call in the plural, as a filter ("Internships")."""
    label = OPPORTUNITY_FILTERS.get(kind)
    return t.gettext(label) if label else t.gettext(_OTHER)


def place_label(t: Translator, lexicon: Lexicon, slug: str) -> str:
    if slug == ONLINE:
        # Translators: a place a call may be in: it is done over the internet, from anywhere.
        return t.gettext("Anywhere online")
    entry = next((e for e in lexicon.countries if e.slug == slug), None)
    return entry.label(t.language) if entry else slug


def _names(t: Translator, labels: Sequence[str]) -> str:
    return t.format_names(list(labels))


def calls_line(
    t: Translator,
    lexicon: Lexicon,
    kinds: Sequence[str],
    places: Sequence[str],
    languages: str,
) -> str:
    """The call filters as one settings line (plain text)."""
    # Translators: which kinds of call come: all of them (none chosen).
    every_kind = t.gettext("every kind")
    # Translators: where calls may be: any place (none chosen).
    any_place = t.gettext("any place")
    # Translators: calls in any language come; those not in the reader's are marked.
    any_language = t.gettext("any language, marked")
    # Translators: only calls written or translated (by people) in the reader's language.
    only_mine = t.gettext("only in your language")
    what = _names(t, [kind_label(t, k) for k in kinds]) if kinds else every_kind
    where = _names(t, [place_label(t, lexicon, p) for p in places]) if places else any_place
    tongue = any_language if languages == "all" else only_mine
    # Translators: one line of /settings: {kinds} e.g. "Internships, Grants"; {places} e.g.
    # "Kyrgyzstan"; {languages} e.g. "any language, marked".
    return t.gettext("Calls: {kinds}; {places}; {languages}").format(
        kinds=what, places=where, languages=tongue
    )


def subscriber_calls_line(t: Translator, lexicon: Lexicon, subscriber: Subscriber) -> str:
    return calls_line(
        t, lexicon, subscriber.call_kinds, subscriber.call_places, subscriber.call_languages
    )


def call_filters_prompt(t: Translator, lexicon: Lexicon, subscriber: Subscriber) -> str:
    """The screen where kinds, places and languages of calls are chosen (HTML)."""
    lines = [
        bold(t.gettext("Which calls should I tell you about?")),
        esc(subscriber_calls_line(t, lexicon, subscriber)),
        "",
        esc(
            t.gettext(
                "Tap kinds and places to choose them; with none chosen, every kind or place "
                "comes. A call whose place is not known comes only when you have not "
                "chosen places."
            )
        ),
    ]
    if not subscriber.opportunity_alerts:
        lines += ["", esc(t.gettext("Opportunity alerts are off: turn them on to get calls."))]
    return "\n".join(lines)
