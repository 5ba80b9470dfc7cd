"""What a chat has chosen, and the subscribe / unsubscribe answers."""

from __future__ import annotations

from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import bold, esc
from cagbot.store.subscribers import Subscriber
from cagbot.views.labels import FREQUENCIES, language_name, topic_labels


def subscription(t: Translator, lexicon: Lexicon, subscriber: Subscriber) -> str:
    """What a chat has chosen (/settings and the head of the /subscribe keyboard)."""
    if subscriber.subscribed:
        status = t.gettext("Notifications are on.")
    else:
        status = t.gettext("Notifications are paused. Use /subscribe to turn them on.")
    topics = topic_labels(t, lexicon, subscriber.topics)
    topic_line = (
        t.gettext("Topics: {topics}").format(topics=", ".join(topics))
        if topics
        else t.gettext("Topics: none chosen yet")
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
    return "\n".join(
        [
            bold(t.gettext("Your subscription")),
            esc(status),
            "",
            "🏷 " + esc(topic_line),
            "🌐 " + esc(content),
            "🎯 " + esc(alerts),
            "⏱ " + esc(frequency),
        ]
    )


def subscribe_prompt(t: Translator, lexicon: Lexicon, subscriber: Subscriber) -> str:
    return (
        subscription(t, lexicon, subscriber)
        + "\n\n"
        + esc(t.gettext("Tap the topics you want to follow, then choose how often."))
    )


def unsubscribed(t: Translator) -> str:
    return esc(
        t.gettext(
            "Paused: I will send you nothing until you /subscribe again. Your choices are kept."
        )
    )


def not_subscribed(t: Translator) -> str:
    return esc(t.gettext("You have no subscription yet. Use /subscribe to choose topics."))
