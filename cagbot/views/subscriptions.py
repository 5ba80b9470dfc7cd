"""What a chat has chosen, what subscribing will do, and the subscribe / unsubscribe answers.

The texts that explain the content-language choice and the schedule in local time are
issue 11's (content and language); the editor's flow is issue 12's (navigation).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from cagbot.i18n import N_, Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import bold, esc
from cagbot.store.subscribers import Subscriber
from cagbot.timezones import DIGEST_HOUR, zone
from cagbot.views.labels import topic_labels
from cagbot.views.timezones import time_zone_line

# Whole phrases per language: the language's name is inflected after "only in".
ONLY_LINE: Final = {
    "sv": N_("Posts: only those in Swedish"),
    "en": N_("Posts: only those in English"),
    "ru": N_("Posts: only those in Russian"),
}
# Translators: a button; keep it short (a phone shows about 20 characters).
ONLY_BUTTON: Final = {
    "sv": N_("Only in Swedish"),
    "en": N_("Only in English"),
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
    # Translators: a button; keep it short.
    return (t.gettext(only) if only else t.gettext("Only my language")), t.gettext("All languages")


def content_language_help(t: Translator, language: str) -> str:
    """What each content-language choice means (in the /subscribe editor)."""
    mine, every = content_language_buttons(t, language)
    return "\n".join(
        [
            # Translators: {all} is the label of the "All languages" button.
            esc(t.gettext("{all}: everything CAG publishes.").format(all=every)),
            esc(
                # Translators: {only} is the label of the "Only in Russian" button.
                t.gettext(
                    "{only}: only a few posts (CAG writes mostly in Swedish and English)."
                ).format(only=mine)
            ),
        ]
    )


def digest_time(t: Translator, hour: int = DIGEST_HOUR, now: datetime | None = None) -> str:
    """The local time digests arrive at in the reader's zone, e.g. "08:00"."""
    local = (now or datetime.now(UTC)).astimezone(zone(t.time_zone))
    return t.format_time(local.replace(hour=hour, minute=0, second=0, microsecond=0))


def schedule(t: Translator, frequency: str, digest_hour: int = DIGEST_HOUR) -> str:
    """When notifications arrive, for a frequency (``digest_hour``: the local hour of
    digests in the reader's time zone)."""
    time = digest_time(t, digest_hour)
    if frequency == "daily":
        # Translators: {time} is the reader's local time, e.g. "08:00".
        return t.gettext("A digest once a day, after {time}.").format(time=time)
    if frequency == "weekly":
        # Translators: {time} is the reader's local time, e.g. "08:00".
        return t.gettext("A digest every Monday, after {time}.").format(time=time)
    return t.gettext("Each new post as soon as it is published.")


def frequency_line(t: Translator, frequency: str) -> str:
    """The schedule as one line (/mydata)."""
    return schedule(t, frequency)


def _choices(
    t: Translator,
    lexicon: Lexicon,
    subscriber: Subscriber,
    digest_hour: int,
    *,
    zone_line: bool = True,
) -> list[str]:
    topics = topic_labels(t, lexicon, subscriber.topics)
    topic_line = (
        t.gettext("Topics: {topics}").format(topics=", ".join(topics))
        if topics
        else t.gettext("Topics: all (none chosen)")
    )
    language = subscriber.language or subscriber.telegram_language or t.language
    content = content_languages_line(t, subscriber.content_languages, language)
    alerts = (
        t.gettext("Opportunity alerts: on")
        if subscriber.opportunity_alerts
        else t.gettext("Opportunity alerts: off")
    )
    lines = [
        "🏷 " + esc(topic_line),
        "🌐 " + esc(content),
        "🎯 " + esc(alerts),
        "⏱ " + esc(schedule(t, subscriber.frequency, digest_hour)),
    ]
    if zone_line:
        lines.append("🕒 " + esc(time_zone_line(t, datetime.now(UTC))) + " · /timezone")
    return lines


def subscription(
    t: Translator, lexicon: Lexicon, subscriber: Subscriber, digest_hour: int = DIGEST_HOUR
) -> str:
    """What a chat has chosen (/settings, and the head of the editor once subscribed)."""
    if subscriber.subscribed:
        status = t.gettext("Notifications are on.")
    else:
        status = t.gettext("Notifications are paused. Use /subscribe to turn them on.")
    return "\n".join(
        [
            bold(t.gettext("Your subscription")),
            esc(status),
            "",
            *_choices(t, lexicon, subscriber, digest_hour),
        ]
    )


def subscribe_prompt(
    t: Translator, lexicon: Lexicon, subscriber: Subscriber, digest_hour: int = DIGEST_HOUR
) -> str:
    """The editor: before subscribing, what will happen, and that nothing starts before
    the confirmation; once subscribed, the current choices. Both say what the two
    content-language choices mean."""
    language = subscriber.language or subscriber.telegram_language or t.language
    if subscriber.subscribed:
        return (
            subscription(t, lexicon, subscriber, digest_hour)
            + "\n\n"
            + content_language_help(t, language)
            + "\n\n"
            + esc(t.gettext("Tap the topics you want to follow, then choose how often."))
        )
    return "\n".join(
        [
            bold(t.gettext("Before you subscribe")),
            esc(t.gettext("This is what you will get:")),
            "",
            *_choices(t, lexicon, subscriber, digest_hour, zone_line=False),
            content_language_help(t, language),
            "",
            esc(t.gettext("Change anything below, then tap “✅ Start notifications”.")),
        ]
    )


def subscribed(
    t: Translator, lexicon: Lexicon, subscriber: Subscriber, digest_hour: int = DIGEST_HOUR
) -> str:
    return "\n".join(
        [
            bold(t.gettext("✅ You are subscribed.")),
            "",
            *_choices(t, lexicon, subscriber, digest_hour),
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
