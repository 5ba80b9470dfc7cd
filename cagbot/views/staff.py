"""Staff views: statistics and the staff-only refusals."""

from __future__ import annotations

from collections.abc import Sequence

from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import CALLBACK_ANSWER_LIMIT, bold, esc, single, truncate
from cagbot.store.subscribers import SubscriberStats
from cagbot.views.labels import language_button, topic_labels


def stats(
    t: Translator,
    lexicon: Lexicon,
    numbers: SubscriberStats,
    posts: int,
    opportunities: int,
    extra: Sequence[str] = (),
) -> str:
    lines = [bold(t.gettext("Statistics")), ""]
    lines.append(
        esc(
            t.ngettext(
                "{n} chat has talked to the bot", "{n} chats have talked to the bot", numbers.chats
            ).format(n=t.format_number(numbers.chats))
        )
    )
    lines.append(
        esc(
            t.ngettext("{n} subscriber", "{n} subscribers", numbers.subscribed).format(
                n=t.format_number(numbers.subscribed)
            )
        )
    )
    lines.append(
        esc(
            t.ngettext(
                "{n} chat blocked the bot or removed it",
                "{n} chats blocked the bot or removed it",
                numbers.inactive,
            ).format(n=t.format_number(numbers.inactive))
        )
    )
    lines.append(
        esc(t.ngettext("{n} post", "{n} posts", posts).format(n=t.format_number(posts)))
        + ", "
        + esc(
            t.ngettext("{n} opportunity", "{n} opportunities", opportunities).format(
                n=t.format_number(opportunities)
            )
        )
    )
    if numbers.by_language:
        lines += ["", bold(t.gettext("Subscribers by language"))]
        lines += [
            # A list item starts with a capital («Шведский: 3»), as a button does.
            f"• {esc(language_button(t, code))}: {esc(t.format_number(n))}"
            for code, n in numbers.by_language.items()
        ]
    if numbers.by_topic:
        lines += ["", bold(t.gettext("Subscribers by topic"))]
        for slug, n in numbers.by_topic.items():
            label = topic_labels(t, lexicon, [slug])[0]
            lines.append(f"• {esc(label)}: {esc(t.format_number(n))}")
    lines += [esc(line) for line in extra]
    return single(["\n".join(lines)])


def staff_only(t: Translator) -> str:
    return esc(t.gettext("Sorry, this command is only for CAG staff."))


def staff_only_short(t: Translator) -> str:
    """:func:`staff_only` as a callback answer (plain text, within Telegram's limit)."""
    return truncate(t.gettext("Sorry, this command is only for CAG staff."), CALLBACK_ANSWER_LIMIT)
