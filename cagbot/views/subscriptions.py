"""What a chat has chosen, what subscribing will do, and the subscribe / unsubscribe answers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from cagbot.i18n import N_, Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import bold, esc
from cagbot.store.subscribers import Subscriber
from cagbot.timezones import DIGEST_HOUR, zone
from cagbot.views.call_filters import subscriber_calls_line
from cagbot.views.labels import topic_labels
from cagbot.views.timezones import time_zone_line

# Whole phrases per language: the language's name is inflected after "only in".
ONLY_LINE: Final = {
    "sv": N_("Posts: only those in Swedish"),
    "en": N_("Posts: only those in English"),
    "ru": N_("Posts: only those in Russian"),
}
# Buttons: a phone shows about 20 characters of each.
ONLY_BUTTON: Final = {
    # Translators: a button; keep it short (a phone shows about 20 characters).
    "sv": N_("Only in Swedish"),
    # Translators: a button; keep it short (a phone shows about 20 characters).
    "en": N_("Only in English"),
    # Translators: a button; keep it short (a phone shows about 20 characters).
    "ru": N_("Only in Russian"),
}


def content_languages_line(t: Translator, choice: str, language: str | None) -> str:
    """What the content-language choice means, as one settings line. ``language``: the
    chat's language (``None``: say "your language")."""
    if choice == "all":
        return t.gettext("Posts: in all languages, yours first")
    phrase = ONLY_LINE.get(language or "")
    return t.gettext(phrase) if phrase else t.gettext("Posts: only those in your language")


def content_language_buttons(t: Translator, language: str) -> tuple[str, str]:
    """The labels of the two content-language buttons: (only mine, all)."""
    only = ONLY_BUTTON.get(language)
    # Translators: a button; keep it short (a phone shows about 20 characters).
    mine = t.gettext(only) if only else t.gettext("Only my language")
    # Translators: a button; keep it short (a phone shows about 20 characters).
    return mine, t.gettext("All languages")


def content_language_help(t: Translator, language: str) -> str:
    """What each content-language choice means (under the /subscribe keyboard)."""
    mine, every = content_language_buttons(t, language)
    return "\n".join(
        [
            esc(
                # Translators: {all} is the label of the "All languages" button.
                t.gettext(
                    "{all}: you hear about everything CAG publishes. A post is shown in your "
                    "language when it has a version in it; otherwise it is translated or "
                    "marked with its language."
                ).format(all=every)
            ),
            esc(
                # Translators: {only} is the label of the "Only in Russian" button.
                t.gettext(
                    "{only}: only posts written or translated by people in your language. "
                    "CAG publishes mostly in Swedish and English, so these are few."
                ).format(only=mine)
            ),
        ]
    )


def digest_time(t: Translator, now: datetime | None = None) -> str:
    """The local time digests arrive at, e.g. "08:00"."""
    local = (now or datetime.now(UTC)).astimezone(zone(t.time_zone))
    return t.format_time(local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0))


def frequency_line(t: Translator, frequency: str) -> str:
    if frequency == "daily":
        # Translators: {time} is the local time, e.g. "08:00".
        return t.gettext("Notifications: one digest a day, at {time}").format(time=digest_time(t))
    if frequency == "weekly":
        # Translators: {time} is the local time, e.g. "08:00".
        return t.gettext("Notifications: one digest a week, on Mondays at {time}").format(
            time=digest_time(t)
        )
    return t.gettext("Notifications: as soon as something is published")


def _chosen_help(t: Translator, subscriber: Subscriber) -> str:
    """What the content-language choice made means: the one paragraph of
    :func:`content_language_help` for it (both would not fit a phone screen with the rest)."""
    language = subscriber.language or subscriber.telegram_language or t.language
    every, only = content_language_help(t, language).split("\n")
    return every if subscriber.content_languages == "all" else only


def _choices(
    t: Translator, lexicon: Lexicon, subscriber: Subscriber, *, editor: bool = False
) -> list[str]:
    """One line per choice. ``editor``: the topic buttons below show which are chosen, so
    the text counts them instead of naming them all (a phone screen)."""
    topics = topic_labels(t, lexicon, subscriber.topics)
    if not topics:
        # A chat without topics follows every topic (store/audience.py).
        topic_line = t.gettext("Topics: all (none chosen)")
    elif editor and len(topics) > 2:
        # Translators: {n} is how many topics are chosen; the ✅ marks them on the buttons.
        topic_line = t.ngettext(
            "Topics: {n} chosen, marked ✅ below",
            "Topics: {n} chosen, marked ✅ below",
            len(topics),
        ).format(n=len(topics))
    else:
        topic_line = t.gettext("Topics: {topics}").format(topics=t.format_names(topics))
    language = subscriber.language or subscriber.telegram_language or t.language
    content = content_languages_line(t, subscriber.content_languages, language)
    alerts = (
        t.gettext("Opportunity alerts: on")
        if subscriber.opportunity_alerts
        else t.gettext("Opportunity alerts: off")
    )
    # The editor (a phone screen with its help text) leaves the call filters to its
    # "🗂 Which calls" button, whose screen names them.
    shown = subscriber.opportunity_alerts and not editor
    calls = ["🗂 " + esc(subscriber_calls_line(t, lexicon, subscriber))] if shown else []
    return [
        "🏷 " + esc(topic_line),
        "🌐 " + esc(content),
        "🎯 " + esc(alerts),
        *calls,
        "⏱ " + esc(frequency_line(t, subscriber.frequency)),
        "🕒 " + esc(time_zone_line(t, datetime.now(UTC))) + " · /timezone",
    ]


def subscription(t: Translator, lexicon: Lexicon, subscriber: Subscriber) -> str:
    """What a chat has chosen (/settings, and the head of the editor once subscribed)."""
    if subscriber.subscribed:
        status = t.gettext("Notifications are on.")
    elif subscriber.ever_subscribed:
        status = t.gettext("Notifications are paused. Use /subscribe to turn them on.")
    else:
        status = t.gettext("You are not subscribed yet. Use /subscribe to choose what you get.")
    return "\n".join(
        [bold(t.gettext("Your subscription")), esc(status), *_choices(t, lexicon, subscriber)]
    )


def subscribe_prompt(t: Translator, lexicon: Lexicon, subscriber: Subscriber) -> str:
    """The editor: before subscribing, what will come and when, and that nothing starts
    before the confirmation; once subscribed, the current choices."""
    if subscriber.subscribed:
        status = "\n".join(
            [
                bold(t.gettext("Your subscription")),
                esc(t.gettext("Notifications are on.")),
                *_choices(t, lexicon, subscriber, editor=True),
            ]
        )
        return "\n\n".join(
            [
                status,
                _chosen_help(t, subscriber),
                esc(t.gettext("Tap the topics you want to follow, then choose how often.")),
            ]
        )
    return "\n".join(
        [
            bold(t.gettext("Before you subscribe: this is what you will get")),
            *_choices(t, lexicon, subscriber, editor=True),
            "",
            _chosen_help(t, subscriber),
            "",
            esc(t.gettext("Change anything below, then tap “✅ Start notifications”.")),
        ]
    )


def subscribed(t: Translator, lexicon: Lexicon, subscriber: Subscriber) -> str:
    return "\n".join(
        [
            bold(t.gettext("✅ You are subscribed.")),
            "",
            *_choices(t, lexicon, subscriber),
            "",
            esc(t.gettext("Change this any time with /settings; pause with /unsubscribe.")),
        ]
    )


def unsubscribed(t: Translator) -> str:
    return esc(
        t.gettext(
            "Paused: I will send you nothing until you /subscribe again. Your choices are kept."
        )
    )


def not_subscribed(t: Translator) -> str:
    return esc(t.gettext("You have no subscription yet. Use /subscribe to choose topics."))
