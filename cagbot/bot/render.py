"""Every text the bot sends, rendered in the reader's language as Telegram HTML.

All content from posts, users and the lexicon is escaped with :func:`html.escape`; only the
tags written here reach Telegram. Lengths are counted the way Telegram counts them, in
UTF-16 code units, and every message is kept within :data:`MESSAGE_LIMIT`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from cagbot.i18n import N_, Translator
from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.store.subscribers import Subscriber, SubscriberStats

MESSAGE_LIMIT: Final = 4096
CALLBACK_ANSWER_LIMIT: Final = 200
SUMMARY_SHORT: Final = 280
SUMMARY_LONG: Final = 3000
TITLE_LIMIT: Final = 300

LANGUAGE_NAMES: Final = {"sv": N_("Swedish"), "en": N_("English"), "ru": N_("Russian")}
# Each language's own name, for the picker: a reader must recognise their language even
# when the bot currently speaks another one.
NATIVE_NAMES: Final = {"sv": "🇸🇪 Svenska", "en": "🇬🇧 English", "ru": "🇷🇺 Русский"}
OPPORTUNITY_TYPES: Final = {
    "internship": N_("Internship"),
    "residency": N_("Residency"),
    "exchange": N_("Exchange"),
    "volunteering": N_("Volunteering"),
    "other": N_("Other"),
}
OPPORTUNITY_FILTERS: Final = {
    "all": N_("All"),
    "internship": N_("Internships"),
    "residency": N_("Residencies"),
    "exchange": N_("Exchanges"),
    "volunteering": N_("Volunteering"),
}
FREQUENCIES: Final = {"instant": N_("Instant"), "daily": N_("Daily"), "weekly": N_("Weekly")}


# -- lengths -------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji outside the BMP is 2)."""
    return len(text.encode("utf-16-le")) // 2


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Plain text cut to at most ``limit`` UTF-16 units, at a word boundary when one is near."""
    if utf16_len(text) <= limit:
        return text
    budget = limit - utf16_len(ellipsis)
    out, used = [], 0
    for char in text:
        width = utf16_len(char)
        if used + width > budget:
            break
        out.append(char)
        used += width
    cut = "".join(out)
    space = cut.rfind(" ")
    if space > len(cut) * 0.7:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + ellipsis


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut so that its HTML-escaped form fits ``limit`` units, escaped.

    Escaping can quadruple a text (``<`` becomes ``&lt;``), so cutting before escaping
    is not enough and cutting after it could split an entity.
    """
    flat = one_line(text)
    if utf16_len(esc(flat)) <= limit:
        return esc(flat)
    low, high = 0, len(flat)
    while low < high:  # the longest cut whose escaped form fits
        middle = (low + high + 1) // 2
        if utf16_len(esc(truncate(flat, middle))) <= limit:
            low = middle
        else:
            high = middle - 1
    return esc(truncate(flat, low)) if low else ""


def pack(blocks: Iterable[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Join blocks into as few messages as fit ``limit``; never splits inside a block.

    A block longer than ``limit`` on its own is split between lines (render functions keep
    tags within one line, so no tag is cut in half); a single line that is still too long
    is cut hard, which only plain-text lines can be (``render`` trims content before).
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _fit(block, limit):
            candidate = f"{current}{separator}{piece}" if current else piece
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _fit(block: str, limit: int) -> list[str]:
    if utf16_len(block) <= limit:
        return [block]
    pieces: list[str] = []
    current = ""
    for line in block.split("\n"):
        while utf16_len(line) > limit:
            head = truncate(line, limit, ellipsis="")
            pieces.append(head)
            line = line[len(head) :].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if utf16_len(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = line
    if current:
        pieces.append(current)
    return pieces


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def bold(text: str) -> str:
    return f"<b>{esc(text)}</b>"


def one_line(text: str) -> str:
    return " ".join(text.split())


# -- pieces --------------------------------------------------------------------------------


def language_name(t: Translator, code: str) -> str:
    return t.gettext(LANGUAGE_NAMES.get(code, code))


def topic_labels(t: Translator, lexicon: Lexicon, slugs: Sequence[str]) -> list[str]:
    labels = []
    for slug in slugs:
        entry = lexicon.topic(slug)
        labels.append(entry.label(t.language) if entry else slug)
    return labels


def _link(url: str | None, label: str) -> str | None:
    if not url or not url.startswith(("http://", "https://")):
        return None
    return f'<a href="{esc(url)}">{esc(label)}</a>'


def post_block(
    t: Translator,
    lexicon: Lexicon,
    post: Post,
    *,
    number: int | None = None,
    summary_limit: int = SUMMARY_SHORT,
    snippet: str | None = None,
) -> str:
    """One post: title, date, language, topics, a short summary (or a search snippet), link."""
    title = clip(post.title_in(t.language), TITLE_LIMIT)
    prefix = f"{number}. " if number is not None else ""
    lines = [f"{prefix}<b>{title}</b>"]
    facts = []
    if post.published is not None:
        facts.append("📅 " + esc(t.format_date(post.published)))
    facts.append("🌐 " + esc(language_name(t, post.language)))
    if post.topics:
        facts.append("🏷 " + esc(", ".join(topic_labels(t, lexicon, post.topics))))
    lines.append(" · ".join(facts))
    text = snippet if snippet is not None else post.summary
    if text.strip():
        lines.append(clip(text, summary_limit))
    link = _link(post.url, t.gettext("Read more"))
    if link:
        lines.append("🔗 " + link)
    return "\n".join(lines)


def opportunity_block(
    t: Translator,
    lexicon: Lexicon,
    post: Post,
    *,
    today: date,
    number: int | None = None,
    full: bool = False,
) -> str:
    """An opportunity: type, place, duration, deadline (babel date), how to apply.

    One that is closed or past its deadline says so instead of inviting applications.
    """
    details = post.opportunity
    if details is None:
        return post_block(t, lexicon, post, number=number)
    closed = not details.open_on(today)
    title = clip(post.title_in(t.language), TITLE_LIMIT)
    prefix = f"{number}. " if number is not None else ""
    lines = [f"{prefix}<b>{title}</b>"]
    lines.append("🎯 " + esc(t.gettext(OPPORTUNITY_TYPES.get(details.type, N_("Other")))))
    if details.location:
        lines.append("📍 " + clip(details.location, 200))
    if details.duration:
        lines.append("⏳ " + clip(details.duration, 200))
    if closed:
        lines.append("🔒 " + esc(t.gettext("Applications are closed.")))
    elif details.deadline is not None:
        deadline = t.gettext("Deadline: {date}").format(date=t.format_date(details.deadline))
        lines.append("🗓 " + esc(deadline))
    else:
        lines.append("🗓 " + esc(t.gettext("No deadline: applications are welcome any time")))
    limit = SUMMARY_LONG // 2 if full else SUMMARY_SHORT
    if post.summary.strip() and (full or not details.how_to_apply):
        lines.append(clip(post.summary, limit))
    if details.how_to_apply and not closed:
        how = t.gettext("How to apply: {how}").format(how=details.how_to_apply)
        lines.append("✍️ " + clip(how, limit))
    link = _link(post.url if closed else details.apply_url or post.url, t.gettext("Read more"))
    if link:
        lines.append("🔗 " + link)
    return "\n".join(lines)


def post_detail(t: Translator, lexicon: Lexicon, post: Post, *, today: date) -> str:
    if post.opportunity is not None:
        return opportunity_block(t, lexicon, post, today=today, full=True)
    return post_block(t, lexicon, post, summary_limit=SUMMARY_LONG)


# -- views ---------------------------------------------------------------------------------


def welcome(t: Translator) -> str:
    return "\n".join(
        [
            esc(t.gettext("👋 Welcome to the bot of Centralasiengrupperna (CAG)!")),
            "",
            esc(
                t.gettext(
                    "Read our latest posts, find internships, residencies and exchanges in "
                    "Central Asia and Sweden, and subscribe to the topics you care about."
                )
            ),
            "",
            esc(t.gettext("Just type what you are looking for, for example “internship”.")),
            esc(t.gettext("See all commands with /help.")),
        ]
    )


def help_text(t: Translator, commands: Sequence[tuple[str, str]], bot_username: str) -> str:
    """``commands`` are (name, untranslated description) pairs."""
    lines = [bold(t.gettext("What I can do")), ""]
    lines += [f"/{name} — {esc(t.gettext(description))}" for name, description in commands]
    lines += [
        "",
        esc(t.gettext("Send me any words and I will search posts and opportunities.")),
        esc(
            t.gettext("In any chat, type @{bot} and a word to share a post.").format(
                bot=bot_username
            )
        ),
    ]
    return "\n".join(lines)


def topic_intro(t: Translator, label: str) -> str:
    return esc(t.gettext("Topic: {topic}").format(topic=label))


def choose_language(t: Translator, current: str) -> str:
    return esc(
        t.gettext("Your language is {language}. Choose another:").format(
            language=language_name(t, current)
        )
    )


def language_set(t: Translator) -> str:
    return esc(t.gettext("Done: I will speak English with you now."))


def latest_page(
    t: Translator, lexicon: Lexicon, posts: Sequence[Post], page: int, pages: int
) -> str:
    if not posts:
        return esc(t.gettext("There are no posts yet."))
    header = (
        bold(t.gettext("Latest posts"))
        + " "
        + esc(t.gettext("(page {page} of {pages})").format(page=page + 1, pages=pages))
    )
    blocks = [header, *(post_block(t, lexicon, post) for post in posts)]
    return _single(blocks)


def topic_page(
    t: Translator, lexicon: Lexicon, label: str, posts: Sequence[Post], page: int, pages: int
) -> str:
    if not posts:
        return esc(t.gettext("No posts on {topic} yet.").format(topic=label))
    header = f"<b>{esc(label)}</b> " + esc(
        t.gettext("(page {page} of {pages})").format(page=page + 1, pages=pages)
    )
    return _single([header, *(post_block(t, lexicon, post) for post in posts)])


@dataclass(frozen=True, slots=True)
class Found:
    post: Post
    snippet: str | None


def search_results(
    t: Translator, lexicon: Lexicon, query: str, found: Sequence[Found], *, today: date
) -> str:
    header = esc(
        t.ngettext(
            "I found {n} match for “{query}”:",
            "I found {n} matches for “{query}”:",
            len(found),
        ).format(n=len(found), query=truncate(one_line(query), 100))
    )
    blocks = [header]
    for number, item in enumerate(found, start=1):
        if item.post.opportunity is not None:
            blocks.append(opportunity_block(t, lexicon, item.post, today=today, number=number))
        else:
            blocks.append(post_block(t, lexicon, item.post, number=number, snippet=item.snippet))
    blocks.append(esc(t.gettext("Tap a number for the whole post.")))
    return _single(blocks)


def no_match(t: Translator, query: str, suggestion: str | None, topic_names: Sequence[str]) -> str:
    lines = [
        esc(
            t.gettext("I found nothing for “{query}”.").format(query=truncate(one_line(query), 100))
        )
    ]
    if suggestion:
        lines.append(esc(t.gettext("Did you mean “{suggestion}”?").format(suggestion=suggestion)))
    if topic_names:
        lines += ["", esc(t.gettext("Try one of our topics:"))]
        lines += [f"• {esc(name)}" for name in topic_names]
    return "\n".join(lines)


def search_usage(t: Translator) -> str:
    return esc(
        t.gettext("Write what you are looking for after /search, for example: /search climate")
    )


def opportunities_page(
    t: Translator,
    lexicon: Lexicon,
    posts: Sequence[Post],
    total: int,
    page: int,
    pages: int,
    *,
    today: date,
    numbered: bool = False,
) -> str:
    """``numbered``: entries carry numbers for the 🔔 buttons under the list."""
    if total == 0:
        return esc(t.gettext("There are no open opportunities of this kind right now."))
    header = (
        "<b>"
        + esc(t.ngettext("{n} open opportunity", "{n} open opportunities", total).format(n=total))
        + "</b>"
    )
    if pages > 1:
        header += " " + esc(
            t.gettext("(page {page} of {pages})").format(page=page + 1, pages=pages)
        )
    blocks = [header]
    for number, post in enumerate(posts, start=1):
        blocks.append(
            opportunity_block(t, lexicon, post, today=today, number=number if numbered else None)
        )
    if numbered:
        blocks.append(esc(t.gettext("Tap 🔔 and a number to get a reminder before that deadline.")))
    return _single(blocks)


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
            f"• {esc(language_name(t, code))}: {esc(t.format_number(n))}"
            for code, n in numbers.by_language.items()
        ]
    if numbers.by_topic:
        lines += ["", bold(t.gettext("Subscribers by topic"))]
        for slug, n in numbers.by_topic.items():
            label = topic_labels(t, lexicon, [slug])[0]
            lines.append(f"• {esc(label)}: {esc(t.format_number(n))}")
    lines += [esc(line) for line in extra]
    return _single(["\n".join(lines)])


# -- short answers -------------------------------------------------------------------------


def something_went_wrong(t: Translator) -> str:
    return esc(t.gettext("Sorry, something went wrong on my side. Please try again later."))


def button_expired(t: Translator) -> str:
    return truncate(
        t.gettext("This button has expired. Please send the command again."),
        CALLBACK_ANSWER_LIMIT,
    )


def post_gone(t: Translator) -> str:
    return truncate(t.gettext("This post is no longer available."), CALLBACK_ANSWER_LIMIT)


def staff_only(t: Translator) -> str:
    return esc(t.gettext("Sorry, this command is only for CAG staff."))


def staff_only_short(t: Translator) -> str:
    """:func:`staff_only` as a callback answer (plain text, within Telegram's limit)."""
    return truncate(t.gettext("Sorry, this command is only for CAG staff."), CALLBACK_ANSWER_LIMIT)


def admins_only(t: Translator) -> str:
    return esc(t.gettext("Sorry, only the admins of this group can change its subscription."))


def admins_only_short(t: Translator) -> str:
    return truncate(
        t.gettext("Sorry, only the admins of this group can change its subscription."),
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


def reminder_off(t: Translator) -> str:
    return truncate(t.gettext("No reminder for this one."), CALLBACK_ANSWER_LIMIT)


def reminder_too_late(t: Translator) -> str:
    return truncate(t.gettext("Applications are closed."), CALLBACK_ANSWER_LIMIT)


def saved(t: Translator) -> str:
    return t.gettext("Saved")


def inline_nothing(t: Translator) -> str:
    return t.gettext("Nothing found: open the bot")


def slow_down(t: Translator) -> str:
    return esc(
        t.gettext(
            "You are sending messages faster than I can answer. Please wait a few seconds; "
            "the messages you sent meanwhile were skipped."
        )
    )


def slow_down_short(t: Translator) -> str:
    return truncate(t.gettext("Too fast: please wait a few seconds."), CALLBACK_ANSWER_LIMIT)


def _single(blocks: Sequence[str]) -> str:
    """Blocks joined as one message; trailing blocks that would not fit are left out.

    Paged views show few posts, each trimmed, so this only bites on extreme content; the
    reader still gets a valid message and the paging buttons.
    """
    return pack(blocks)[0] if blocks else ""
