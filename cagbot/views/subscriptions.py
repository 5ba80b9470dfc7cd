"""What a chat has chosen, what subscribing will do, and the subscribe / unsubscribe answers."""

from __future__ import annotations

from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import bold, esc
from cagbot.store.subscribers import Subscriber
from cagbot.views.labels import FREQUENCIES, language_name, topic_labels


def schedule(t: Translator, frequency: str, digest_hour: int) -> str:
    """When notifications arrive, for a frequency (``digest_hour``: UTC hour of digests)."""
    time = f"{digest_hour:02d}:00 UTC"
    if frequency == "daily":
        return t.gettext("A digest once a day, after {time}.").format(time=time)
    if frequency == "weekly":
        return t.gettext("A digest every Monday, after {time}.").format(time=time)
    return t.gettext("Each new post as soon as it is published.")


def _choices(
    t: Translator, lexicon: Lexicon, subscriber: Subscriber, digest_hour: int
) -> list[str]:
    topics = topic_labels(t, lexicon, subscriber.topics)
    topic_line = (
        t.gettext("Topics: {topics}").format(topics=", ".join(topics))
        if topics
        else t.gettext("Topics: all (none chosen)")
    )
    language = subscriber.language or subscriber.telegram_language or t.language
    content = (
        t.gettext("Posts in: all languages")
        if subscriber.content_languages == "all"
        else t.gettext("Posts in: {language} only").format(language=language_name(t, language))
    )
    alerts = (
        t.gettext("Opportunity alerts: on")
        if subscriber.opportunity_alerts
        else t.gettext("Opportunity alerts: off")
    )
    frequency = t.gettext("Delivery: {frequency}").format(
        frequency=t.gettext(FREQUENCIES[subscriber.frequency]).lower()
    )
    return [
        "🏷 " + esc(topic_line),
        "🌐 " + esc(content),
        "🎯 " + esc(alerts),
        "⏱ " + esc(frequency) + " — " + esc(schedule(t, subscriber.frequency, digest_hour)),
    ]


def subscription(
    t: Translator, lexicon: Lexicon, subscriber: Subscriber, digest_hour: int = 8
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
    t: Translator, lexicon: Lexicon, subscriber: Subscriber, digest_hour: int = 8
) -> str:
    """The editor: before subscribing, what will happen, and that nothing starts before
    the confirmation; once subscribed, the current choices."""
    if subscriber.subscribed:
        return (
            subscription(t, lexicon, subscriber, digest_hour)
            + "\n\n"
            + esc(t.gettext("Tap the topics you want to follow, then choose how often."))
        )
    return "\n".join(
        [
            bold(t.gettext("Before you subscribe")),
            esc(t.gettext("This is what you will get:")),
            "",
            *_choices(t, lexicon, subscriber, digest_hour),
            "",
            esc(t.gettext("Change anything below, then tap “✅ Start notifications”.")),
        ]
    )


def subscribed(
    t: Translator, lexicon: Lexicon, subscriber: Subscriber, digest_hour: int = 8
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
