"""The subscription screens' keyboards: the editor (/subscribe), /settings, Resume."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from cagbot import views
from cagbot.bot.kit import CHECKED, UNCHECKED, Rows, callback_button, with_menu
from cagbot.content.places import place_slugs
from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.store.subscribers import Subscriber
from cagbot.views import FREQUENCIES
from cagbot.views.call_filters import CALL_KINDS, kind_label, place_label


def subscription(t: Translator, lexicon: Lexicon, subscriber: Subscriber) -> InlineKeyboardMarkup:
    """Every choice, toggled in place; the last button starts notifications (a chat not
    subscribed yet: nothing is sent before that tap) or closes the editor."""
    rows = []
    chosen = set(subscriber.topics)
    for entry in lexicon.topics:
        mark = CHECKED if entry.slug in chosen else UNCHECKED
        rows.append([callback_button(f"{mark} {entry.label(t.language)}", "sub", "t", entry.slug)])
    mine, every = views.content_language_buttons(
        t, subscriber.language or subscriber.telegram_language or t.language
    )
    content = subscriber.content_languages
    rows.append(
        [
            callback_button((CHECKED + " " if content == "all" else "") + every, "cl", "all"),
            callback_button((CHECKED + " " if content == "mine" else "") + mine, "cl", "mine"),
        ]
    )
    alerts_on = subscriber.opportunity_alerts
    rows.append(
        [
            callback_button(
                ("🔔 " if alerts_on else "🔕 ")
                + (
                    # Translators: a button; keep it short (about 20 characters).
                    t.pgettext("button", "Opportunity alerts: on")
                    if alerts_on
                    # Translators: a button; keep it short (about 20 characters).
                    else t.pgettext("button", "Opportunity alerts: off")
                ),
                "al",
                "off" if alerts_on else "on",
            ),
            # Translators: a button that opens the choice of kinds and places of call; short.
            callback_button(t.gettext("🗂 Which calls"), "cfl"),
        ]
    )
    rows.append(
        [
            callback_button(
                (CHECKED + " " if subscriber.frequency == code else "") + t.gettext(label),
                "fq",
                code,
            )
            for code, label in FREQUENCIES.items()
        ]
    )
    if subscriber.subscribed:
        rows.append([callback_button(t.gettext("Done"), "subdone")])
    else:
        rows.append([callback_button(t.gettext("✅ Start notifications"), "subok")])
    return with_menu(rows, t)


def _pairs(buttons: list[InlineKeyboardButton]) -> Rows:
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]  # two fit a phone


def call_filters(t: Translator, lexicon: Lexicon, subscriber: Subscriber) -> InlineKeyboardMarkup:
    """Kinds, then places (✅ the chosen ones; "all" when none is), then languages, back."""
    kinds = set(subscriber.call_kinds)
    rows = [
        [
            callback_button(
                (CHECKED + " " if not kinds else "") + t.gettext("All kinds"), "ck", "all"
            )
        ],
        *_pairs(
            [
                callback_button(
                    f"{CHECKED if kind in kinds else UNCHECKED} {kind_label(t, kind)}", "ck", kind
                )
                for kind in CALL_KINDS
            ]
        ),
    ]
    places = set(subscriber.call_places)
    rows.append(
        [
            callback_button(
                (CHECKED + " " if not places else "") + t.gettext("All places"), "cp", "all"
            )
        ]
    )
    rows += _pairs(
        [
            callback_button(
                f"{CHECKED if slug in places else UNCHECKED} {place_label(t, lexicon, slug)}",
                "cp",
                slug,
            )
            for slug in place_slugs(lexicon)
        ]
    )
    every = subscriber.call_languages == "all"
    # Translators: a button: calls in any language come, marked with it; short.
    any_language = t.gettext("Any language")
    rows.append(
        [
            callback_button((CHECKED + " " if every else "") + any_language, "cg", "all"),
            callback_button(
                (CHECKED + " " if not every else "") + t.gettext("Only my language"), "cg", "mine"
            ),
        ]
    )
    rows.append([callback_button(t.gettext("◀ Back"), "setx")])
    return with_menu(rows, t)


def settings(t: Translator, *, may_change: bool) -> InlineKeyboardMarkup:
    """Under /settings: change them in place and the time zone (only for who may), menu."""
    rows: Rows = (
        [
            [
                callback_button(t.gettext("✏️ Change"), "setx"),
                # Translators: a button under /settings that opens the time zone picker; short.
                callback_button(t.gettext("🕒 Time zone"), "tzp"),
            ],
            [callback_button(t.gettext("🗂 Which calls"), "cfl")],
            # Translators: a button under /settings that opens the quiet hours; short.
            [callback_button(t.gettext("🌙 Quiet hours"), "qh")],
        ]
        if may_change
        else []
    )
    return with_menu(rows, t)


def resume(t: Translator) -> InlineKeyboardMarkup:
    return with_menu([[callback_button(t.gettext("▶️ Resume notifications"), "res")]], t)
