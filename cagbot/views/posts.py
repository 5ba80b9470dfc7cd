"""Posts and opportunities: the blocks every list, detail and notification is made of."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from cagbot.i18n import N_, Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import bold, clip, esc, single
from cagbot.models import Post
from cagbot.views.labels import OPPORTUNITY_TYPES, html_link, language_name, topic_labels

SUMMARY_SHORT: Final = 280
SUMMARY_LONG: Final = 3000
TITLE_LIMIT: Final = 300
#: A detail view must fit a phone screen (about 20 lines of 40 characters); the whole
#: text is one tap away ("Read more").
SUMMARY_DETAIL: Final = 480
#: A list entry: its title shortened to this, and one line of facts.
LIST_TITLE: Final = 70


def post_entry(t: Translator, lexicon: Lexicon, post: Post, number: int) -> str:
    """One list entry: number and title, then date and topics on one line."""
    title = clip(post.title_in(t.language), LIST_TITLE)
    facts = []
    if post.published is not None:
        facts.append("📅 " + esc(t.format_date(post.published)))
    if post.topics:
        facts.append("🏷 " + esc(", ".join(topic_labels(t, lexicon, post.topics[:2]))))
    return f"{number}. <b>{title}</b>" + ("\n" + " · ".join(facts) if facts else "")


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
    link = html_link(post.url, t.gettext("Read more"))
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
    link = html_link(post.url if closed else details.apply_url or post.url, t.gettext("Read more"))
    if link:
        lines.append("🔗 " + link)
    return "\n".join(lines)


def post_detail(t: Translator, lexicon: Lexicon, post: Post, *, today: date) -> str:
    if post.opportunity is not None:
        return opportunity_block(t, lexicon, post, today=today, full=True)
    return post_block(t, lexicon, post, summary_limit=SUMMARY_DETAIL)


def latest_page(
    t: Translator,
    lexicon: Lexicon,
    posts: Sequence[Post],
    page: int,
    pages: int,
    *,
    first_number: int = 1,
) -> str:
    if not posts:
        return esc(t.gettext("There are no posts yet."))
    header = (
        bold(t.gettext("Latest posts"))
        + " "
        + esc(t.gettext("(page {page} of {pages})").format(page=page + 1, pages=pages))
    )
    entries = [post_entry(t, lexicon, post, n) for n, post in enumerate(posts, first_number)]
    footer = esc(t.gettext("Tap a number for the whole post."))
    return single([header, "\n".join(entries), footer])


def topic_page(
    t: Translator, lexicon: Lexicon, label: str, posts: Sequence[Post], page: int, pages: int
) -> str:
    if not posts:
        return esc(t.gettext("No posts on {topic} yet.").format(topic=label))
    header = f"<b>{esc(label)}</b> " + esc(
        t.gettext("(page {page} of {pages})").format(page=page + 1, pages=pages)
    )
    entries = [post_entry(t, lexicon, post, n) for n, post in enumerate(posts, 1)]
    footer = esc(t.gettext("Tap a number for the whole post."))
    return single([header, "\n".join(entries), footer])


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
    return single(blocks)
