"""Every text the bot shows, rendered in the reader's language as Telegram HTML.

One module per screen family; none imports Telegram or the handlers, so delivery
(:mod:`cagbot.notify`) renders with the same views as the bot.
"""

from cagbot.views.labels import (
    FREQUENCIES,
    LANGUAGE_NAMES,
    NATIVE_NAMES,
    OPPORTUNITY_FILTERS,
    OPPORTUNITY_TYPES,
    html_link,
    language_name,
    topic_labels,
)
from cagbot.views.notices import (
    admins_only,
    admins_only_short,
    button_expired,
    post_gone,
    reminder_off,
    reminder_on,
    reminder_too_late,
    saved,
    slow_down,
    slow_down_short,
    something_went_wrong,
)
from cagbot.views.posts import (
    SUMMARY_LONG,
    SUMMARY_SHORT,
    TITLE_LIMIT,
    latest_page,
    opportunities_page,
    opportunity_block,
    post_block,
    post_detail,
    topic_page,
)
from cagbot.views.search import Found, inline_nothing, no_match, search_results, search_usage
from cagbot.views.staff import staff_only, staff_only_short, stats
from cagbot.views.start import choose_language, help_text, language_set, topic_intro, welcome
from cagbot.views.subscriptions import not_subscribed, subscribe_prompt, subscription, unsubscribed

__all__ = [
    "FREQUENCIES",
    "LANGUAGE_NAMES",
    "NATIVE_NAMES",
    "OPPORTUNITY_FILTERS",
    "OPPORTUNITY_TYPES",
    "SUMMARY_LONG",
    "SUMMARY_SHORT",
    "TITLE_LIMIT",
    "Found",
    "admins_only",
    "admins_only_short",
    "button_expired",
    "choose_language",
    "help_text",
    "html_link",
    "inline_nothing",
    "language_name",
    "language_set",
    "latest_page",
    "no_match",
    "not_subscribed",
    "opportunities_page",
    "opportunity_block",
    "post_block",
    "post_detail",
    "post_gone",
    "reminder_off",
    "reminder_on",
    "reminder_too_late",
    "saved",
    "search_results",
    "search_usage",
    "slow_down",
    "slow_down_short",
    "something_went_wrong",
    "staff_only",
    "staff_only_short",
    "stats",
    "subscribe_prompt",
    "subscription",
    "topic_intro",
    "topic_labels",
    "topic_page",
    "unsubscribed",
    "welcome",
]
