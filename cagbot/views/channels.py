"""Staff and group-admin views about channels and forum topics."""

from __future__ import annotations

from cagbot.i18n import Translator
from cagbot.markup import esc


def cannot_post(t: Translator, ref: str, missing: str) -> str:
    """Tells staff what a configured channel or topic lacks (``missing`` from
    cagbot.notify.channels)."""
    reasons = {
        "not_found": t.gettext(
            "Telegram does not know this chat, or the bot was never added to it."
        ),
        "not_member": t.gettext("The bot is not a member: add it to the chat."),
        "not_admin": t.gettext(
            "The bot is not an administrator of the channel: make it one, with the right "
            "to post messages."
        ),
        "can_post_messages": t.gettext(
            "The bot is an administrator but may not post messages: turn on "
            "\u201cPost messages\u201d in its administrator rights."
        ),
        "can_send_messages": t.gettext(
            "The bot may not send messages in this group: lift its restriction."
        ),
        "not_forum": t.gettext("A topic was configured, but this group has no topics."),
    }
    return esc(
        # Translators: {chat} is a channel as configured, e.g. ru=@cag_ru; {reason} is one sentence
        # saying what is missing.
        t.gettext(
            "⚠️ I cannot post to {chat}. {reason} Nothing is sent there until it is fixed "
            "and I restart."
        ).format(chat=ref, reason=reasons.get(missing, missing))
    )


def here_set(t: Translator) -> str:
    return esc(t.gettext("✅ From now on I post in this topic."))


def here_cleared(t: Translator) -> str:
    return esc(t.gettext("This group has no topics: I post in the group itself."))


def here_in_private(t: Translator) -> str:
    return esc(t.gettext("Send /here in the forum topic of your group where my posts should go."))


def here_general(t: Translator) -> str:
    return esc(t.gettext("✅ From now on I post in the group's general topic."))
