"""Short answers: errors, expired buttons, reminders, flood notices, group-admin refusals."""

from __future__ import annotations

from cagbot.i18n import Translator
from cagbot.markup import CALLBACK_ANSWER_LIMIT, esc, truncate


def something_went_wrong(t: Translator) -> str:
    return esc(t.gettext("Sorry, something went wrong on my side. Please try again later."))


def button_expired(t: Translator) -> str:
    return truncate(
        t.gettext("This button has expired. Please send the command again."),
        CALLBACK_ANSWER_LIMIT,
    )


def post_gone(t: Translator) -> str:
    return truncate(t.gettext("This post is no longer available."), CALLBACK_ANSWER_LIMIT)


def link_gone(t: Translator) -> str:
    """A deep link or button to a post or topic that no longer exists."""
    return esc(t.gettext("This post is no longer available."))


def admins_only(t: Translator) -> str:
    return esc(t.gettext("Sorry, only the admins of this group can change its subscription."))


def admins_only_short(t: Translator) -> str:
    return truncate(
        t.gettext("Sorry, only the admins of this group can change its subscription."),
        CALLBACK_ANSWER_LIMIT,
    )


def admins_only_language(t: Translator) -> str:
    """A group member who is not an admin pressed a language button."""
    return truncate(
        t.gettext("Sorry, only the admins of this group can change its language."),
        CALLBACK_ANSWER_LIMIT,
    )


def admins_only_settings(t: Translator) -> str:
    """A group member who is not an admin pressed a settings button (time zone, ...)."""
    return truncate(
        t.gettext("Sorry, only the admins of this group can change its settings."),
        CALLBACK_ANSWER_LIMIT,
    )


def reminder_on(t: Translator, days: int) -> str:
    return truncate(
        t.ngettext(
            "I will remind you {n} day before the deadline.",
            "I will remind you {n} days before the deadline.",
            days,
        ).format(n=days),
        CALLBACK_ANSWER_LIMIT,
    )


def reminder_set(t: Translator, days: int) -> str:
    """The reminder is on and comes ``days`` before the deadline (0: later today)."""
    if days <= 0:
        return truncate(
            t.gettext("The deadline is today: I will remind you later today."),
            CALLBACK_ANSWER_LIMIT,
        )
    return reminder_on(t, days)


def reminder_off(t: Translator) -> str:
    return truncate(t.gettext("No reminder for this one."), CALLBACK_ANSWER_LIMIT)


def reminder_too_late(t: Translator) -> str:
    return truncate(t.gettext("Applications are closed."), CALLBACK_ANSWER_LIMIT)


def saved(t: Translator) -> str:
    return t.gettext("Saved")


def slow_down(t: Translator) -> str:
    return esc(
        t.gettext(
            "You are sending messages faster than I can answer. Please wait a few seconds; "
            "the messages you sent meanwhile were skipped."
        )
    )


def slow_down_short(t: Translator) -> str:
    return truncate(t.gettext("Too fast: please wait a few seconds."), CALLBACK_ANSWER_LIMIT)
