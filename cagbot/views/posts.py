"""Posts and opportunities: the blocks every list, detail and notification is made of."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from cagbot.i18n import N_, Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import bold, clip, esc, one_line, single, truncate
from cagbot.models import LocalizedText, Post
from cagbot.views.labels import (
    OPPORTUNITY_TYPES,
    content_mark,
    how_to_apply,
    html_link,
    link_label,
    title_mark,
    topic_labels,
    unknown_status,
)

SUMMARY_SHORT: Final = 280
SUMMARY_LONG: Final = 3000
TITLE_LIMIT: Final = 300
#: A detail view must fit a phone screen (about 20 lines of 40 characters); the whole
#: text is one tap away ("Read more").
SUMMARY_DETAIL: Final = 480
#: A list entry: its title shortened to this, and one line of facts.
LIST_TITLE: Final = 70


def post_entry(t: Translator, lexicon: Lexicon, post: Post, number: int) -> str:
    """One list entry: number and title, then date, language mark and topics on one line."""
    title = clip(post.text_for(t.language, ("title",)).title, LIST_TITLE)
    facts = []
    if post.published is not None:
        facts.append("📅 " + esc(t.format_date(post.published)))
    mark = title_mark(t, post)
    if mark:
        facts.append(esc(mark))
    if post.topics:
        facts.append("🏷 " + esc(t.format_names(topic_labels(t, lexicon, post.topics[:2]))))
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
    """One post: title, date, language mark, topics, a short summary (or a search snippet),
    link. Texts in the reader's language when a version exists (:meth:`Post.text_for`)."""
    localized = post.text_for(t.language)
    title = clip(localized.title, TITLE_LIMIT)
    prefix = f"{number}. " if number is not None else ""
    lines = [f"{prefix}<b>{title}</b>"]
    facts = []
    if post.published is not None:
        facts.append("📅 " + esc(t.format_date(post.published)))
    mark = content_mark(t, localized)
    if mark:
        facts.append(esc(mark))
    if post.topics:
        facts.append("🏷 " + esc(t.format_names(topic_labels(t, lexicon, post.topics))))
    if facts:
        lines.append(" · ".join(facts))
    # A search snippet quotes the original; the reader's own version beats it.
    use_snippet = snippet is not None and localized.summary == post.summary
    text = snippet if snippet is not None and use_snippet else localized.summary
    if text.strip():
        lines.append(clip(text, summary_limit))
    link = html_link(post.url, link_label(t, t.gettext("Read more"), post.language))
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
    closed = post.closed_on(today)  # also an old call that states no deadline
    localized = post.text_for(t.language)
    title = clip(localized.title, TITLE_LIMIT)
    prefix = f"{number}. " if number is not None else ""
    lines = [f"{prefix}<b>{title}</b>"]
    kind = "🎯 " + esc(t.gettext(OPPORTUNITY_TYPES.get(details.type, N_("Other"))))
    mark = content_mark(t, post.text_for(t.language, _shown(localized, closed, full)))
    lines.append(kind + (" · " + esc(mark) if mark else ""))
    if localized.location:
        lines.append("📍 " + clip(localized.location, 200))
    if localized.duration:
        lines.append("⏳ " + clip(localized.duration, 200))
    if closed:
        lines.append("🔒 " + esc(t.gettext("Applications are closed.")))
    elif post.call_status(today) == "unknown":
        lines.append(unknown_status(t))
    elif details.deadline is not None:
        deadline = t.gettext("Deadline: {date}").format(date=t.format_date(details.deadline))
        lines.append("🗓 " + esc(deadline))
    else:
        lines.append("🗓 " + esc(t.gettext("No deadline: applications are welcome any time")))
    limit = SUMMARY_LONG // 2 if full else SUMMARY_SHORT
    if localized.summary.strip() and (full or not localized.how_to_apply):
        lines.append(clip(localized.summary, limit))
    if localized.how_to_apply and not closed:
        how = how_to_apply(t, post, localized.how_to_apply)
        lines.append("✍️ " + clip(how, limit))
    # An email address (mailto:) is no link Telegram accepts; how_to_apply names it. The
    # call's own label only in the reader's language: else the generic one, so that a call
    # whose label alone was never translated reads (and is marked) as the reader's.
    label = post.text_for(t.language, ("apply_label",))
    own = localized.apply_label if not (label.fallback_from or label.machine) else None
    apply = None if closed else html_link(details.apply_url, own or t.gettext("Apply"))
    link = apply or html_link(post.url, link_label(t, t.gettext("Read more"), post.language))
    if link:
        lines.append("🔗 " + link)
    return "\n".join(lines)


def _shown(localized: LocalizedText, closed: bool, full: bool) -> tuple[str, ...]:
    """The texts :func:`opportunity_block` shows: its language mark is judged on them."""
    shown: tuple[str, ...] = ("title", "location", "duration")
    if full or not localized.how_to_apply:
        shown += ("summary",)
    if not closed:
        shown += ("how_to_apply",)
    return shown


def inline_description(t: Translator, post: Post, snippet: str | None) -> str:
    """The one-line description under an inline result: the reader's version, marked."""
    localized = post.text_for(t.language)
    text = snippet if snippet is not None and localized.summary == post.summary else None
    line = one_line(text or localized.summary)
    mark = content_mark(t, localized)
    return truncate(f"{mark} · {line}" if mark else line, 120)


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
