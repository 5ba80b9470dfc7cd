"""/opportunities: a short list (a title and one line per call) and a call's detail view,
with what an applicant needs to act: the deadline, how to apply, an e-mail address to copy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final
from urllib.parse import parse_qs, unquote, urlsplit

from cagbot.i18n import N_, Translator
from cagbot.links import web_url
from cagbot.markup import bold, clip, esc, single
from cagbot.models import OpportunityDetails, Post
from cagbot.views.labels import (
    OPPORTUNITY_TYPES,
    content_mark,
    how_to_apply,
    title_mark,
    unknown_status,
)

LIST_TITLE: Final = 70
# A detail view fits a phone screen (about 20 lines of 40 characters): the rest of the
# text is one tap away ("Read more").
DETAIL_SUMMARY: Final = 240
HOW_TO_APPLY: Final = 200


@dataclass(frozen=True, slots=True)
class Mail:
    """An application by e-mail (``mailto:`` links cannot be buttons)."""

    address: str
    subject: str | None


def application_mail(details: OpportunityDetails) -> Mail | None:
    url = details.apply_url or ""
    if not url.lower().startswith("mailto:"):
        return None
    parts = urlsplit(url)
    address = unquote(parts.path).strip()
    if not address:
        return None
    subject = parse_qs(parts.query).get("subject", [None])[0]
    return Mail(address, subject.strip() if subject else None)


def application_url(details: OpportunityDetails) -> str | None:
    """The link the "Apply" button opens: http(s) only, Telegram takes nothing else."""
    return web_url(details.apply_url)


def apply_button(t: Translator, url: str | None) -> dict[str, str] | None:
    """The ✍️ Apply URL button (Bot API form), the one place it is built: in the bot's detail
    view, notifications and channel posts alike. None unless ``url`` is http(s): Telegram
    refuses a mailto: button, and the message text carries the e-mail link then."""
    link = web_url(url)
    return None if link is None else {"text": t.gettext("✍️ Apply"), "url": link}


def _deadline(t: Translator, post: Post, details: OpportunityDetails, today: date) -> str:
    status = post.call_status(today)
    if status == "closed":  # also an old call that states no deadline
        return "🔒 " + esc(t.gettext("Applications are closed."))
    if status == "unknown":
        return unknown_status(t)
    if details.deadline is not None:
        return "🗓 " + esc(
            t.gettext("Deadline: {date}").format(date=t.format_date(details.deadline))
        )
    return "🗓 " + esc(t.gettext("No deadline: applications are welcome any time"))


def _kind(t: Translator, details: OpportunityDetails) -> str:
    return "🎯 " + esc(t.gettext(OPPORTUNITY_TYPES.get(details.type, N_("Other"))))


def opportunity_entry(t: Translator, post: Post, number: int, *, today: date) -> str:
    """A list entry: number and title, then its type and deadline on one line; a title not
    in the reader's language is marked ("🌐 на шведском")."""
    line = f"{number}. <b>{clip(post.text_for(t.language, ('title',)).title, LIST_TITLE)}</b>"
    details = post.opportunity
    if details is None:
        return line
    facts = [_kind(t, details)]
    mark = title_mark(t, post)
    if mark:
        facts.append(esc(mark))
    status = post.call_status(today)
    if status == "closed":
        facts.append("🔒 " + esc(t.gettext("Applications are closed.")))
    elif status == "unknown":
        facts.append(unknown_status(t))
    elif details.deadline is not None:
        # The calendar says "deadline"; the word would push the line past a phone's width.
        facts.append("🗓 " + esc(t.format_date(details.deadline)))
    return line + "\n" + " · ".join(facts)


def opportunity_list(
    t: Translator,
    posts: Sequence[Post],
    total: int,
    page: int,
    pages: int,
    *,
    first_number: int,
    today: date,
    open_total: int | None = None,
) -> str:
    """Numbered continuously across pages (``first_number`` for this page's first entry),
    the same numbers the buttons under the list carry. ``open_total``: how many of the
    ``total`` calls are known to be open; the others (of unknown status) follow them, each
    marked, and are never counted as open."""
    if total == 0:
        return esc(t.gettext("There are no open opportunities of this kind right now."))
    known = total if open_total is None else open_total
    if known:
        header = bold(
            t.ngettext("{n} open opportunity", "{n} open opportunities", known).format(n=known)
        )
    else:
        header = esc(t.gettext("There are no open opportunities of this kind right now."))
    if total > known:
        header += "\n" + esc(
            t.ngettext(
                "{n} more call may be closed already: check its link before applying.",
                "{n} more calls may be closed already: check their links before applying.",
                total - known,
            ).format(n=total - known)
        )
    if pages > 1:
        header += " " + esc(
            t.gettext("(page {page} of {pages})").format(page=page + 1, pages=pages)
        )
    entries = [
        opportunity_entry(t, post, number, today=today)
        for number, post in enumerate(posts, start=first_number)
    ]
    footer = esc(t.gettext("Tap a number for the whole post."))
    return single([header, "\n".join(entries), footer])


def opportunity_detail(t: Translator, post: Post, *, today: date) -> str:
    """One call: what, where, how long, until when, and how to apply (the texts in the
    reader's language where a version exists, marked where not: :meth:`Post.text_for`)."""
    localized = post.text_for(t.language)
    title = clip(localized.title, 300)
    lines = [f"<b>{title}</b>"]
    # The mark is judged on the texts shown here (no apply label; how to apply while open).
    shown: tuple[str, ...] = ("title", "summary", "location", "duration")
    if not post.closed_on(today):
        shown += ("how_to_apply",)
    mark = content_mark(t, post.text_for(t.language, shown))
    details = post.opportunity
    if details is None:
        if mark:
            lines.append(esc(mark))
        if localized.summary.strip():
            lines += ["", clip(localized.summary, DETAIL_SUMMARY)]
        return "\n".join(lines)
    facts = [_kind(t, details)]
    if mark:
        facts.append(esc(mark))
    if localized.location:
        facts.append("📍 " + clip(localized.location, 60))
    if localized.duration:
        facts.append("⏳ " + clip(localized.duration, 60))
    lines += [" · ".join(facts), _deadline(t, post, details, today)]
    if localized.summary.strip():
        lines += ["", clip(localized.summary, DETAIL_SUMMARY)]
    if post.closed_on(today):
        return "\n".join(lines)
    if localized.how_to_apply:
        how = how_to_apply(t, post, localized.how_to_apply)
        lines += ["", "✍️ " + clip(how, HOW_TO_APPLY)]
    mail = application_mail(details)
    if mail is not None:
        # <code>: Telegram copies it with one tap.
        lines.append("✉️ " + esc(t.gettext("E-mail:")) + f" <code>{esc(mail.address)}</code>")
        if mail.subject:
            lines.append(esc(t.gettext("Subject:")) + f" <code>{esc(mail.subject)}</code>")
    return "\n".join(lines)
