"""The texts notifications carry, rendered once per language as Telegram HTML, and their
buttons (open in the bot, apply, remind me, manage the subscription).

Post and opportunity blocks come from :mod:`cagbot.views`, so an announcement looks like
the same post in /latest. Every text is kept within Telegram's 4096 UTF-16 units.

The buttons are URL buttons: http(s) for "Apply", and deep links into the bot
(``https://t.me/<bot>?start=post_12``) for the rest. One rendering serves every chat a post
goes to, private chats and groups alike, and a deep link opens the reader's own private
chat with the bot from either, where a callback pressed in a group would act for the whole
group (or edit the announcement away). Without the bot's username there are no deep links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import CAPTION_LIMIT, MESSAGE_LIMIT, esc, pack, utf16_len
from cagbot.models import Post
from cagbot.store.feed_state import FeedState
from cagbot.store.outbox import Counts, Outgoing, Rendered
from cagbot.views import (
    application_mail,
    apply_button,
    frequency_line,
    opportunity_block,
    opportunity_detail,
    post_block,
)
from cagbot.views.posts import SUMMARY_DETAIL, SUMMARY_LONG

#: Telegram's limit on a copy_text button's text.
COPY_TEXT_LIMIT = 256
#: Posts a digest offers "open" buttons for (the rest are still listed).
DIGEST_BUTTONS = 5
Keyboard = dict[str, Any]

_TAG = re.compile(r"<[^>]*>")
# Query strings and fragments of URLs (feed URLs may carry keys or tokens in them).
_URL_TAIL = re.compile(r"(https?://[^\s?#'\"<>]*)[?#][^\s'\"<>]*")


def _today() -> date:
    return datetime.now(UTC).date()


def visible_length(text_html: str) -> int:
    """What Telegram counts of an HTML text: tags removed, entities decoded, UTF-16 units."""
    return utf16_len(html.unescape(_TAG.sub("", text_html)))


def _within_limit(text: str) -> str:
    # The blocks trim their parts already; this only guards against a pathological post.
    return text if utf16_len(text) <= MESSAGE_LIMIT else pack([text])[0]


def deep_link(bot: str, payload: str) -> str:
    """A t.me link that opens the private chat with the bot and sends ``/start payload``."""
    return f"https://t.me/{bot}?start={payload}"


def _link(text: str, url: str) -> dict[str, str]:
    return {"text": text, "url": url}


def _url(text: str, url: str) -> list[dict[str, str]]:
    return [_link(text, url)]


def share(t: Translator, post: Post) -> dict[str, Any]:
    """↗️ Share: the chat picker, then the post as the bot's inline result there."""
    return {
        "text": t.gettext("↗️ Share"),
        "switch_inline_query_chosen_chat": {
            "query": f"post_{post.id}",
            "allow_user_chats": True,
            "allow_group_chats": True,
            "allow_channel_chats": True,
        },
    }


def post_keyboard(
    t: Translator, post: Post, bot: str | None, today: date, *, manage: bool = True
) -> Keyboard | None:
    """Open in the bot and ↗️ Share, ✍️ Apply (an open call with an http(s) form) or 📋 Copy
    address (by e-mail), 🔔 Remind me and 📅 Add to calendar (an open call with a
    deadline), manage the subscription."""
    rows: list[list[dict[str, Any]]] = []
    if bot:
        rows.append(
            [
                _link(t.gettext("Open in the bot"), deep_link(bot, f"post_{post.id}")),
                share(t, post),
            ]
        )
    details = post.opportunity
    if details is not None and post.call_status(today) == "open":
        apply = apply_button(t, details.apply_url)
        if apply:
            rows.append([apply])
        mail = application_mail(details)
        if mail is not None and len(mail.address) <= COPY_TEXT_LIMIT:
            rows.append(
                [{"text": t.gettext("📋 Copy address"), "copy_text": {"text": mail.address}}]
            )
        if bot and details.deadline is not None:
            rows.append(
                [
                    {"text": t.gettext("🔔 Remind me"), "url": deep_link(bot, f"remind_{post.id}")},
                    {
                        "text": t.gettext("📅 Add to calendar"),
                        "url": deep_link(bot, f"ics_{post.id}"),
                    },
                ]
            )
    if bot and manage:
        rows.append(_url(t.gettext("⚙️ Manage subscription"), deep_link(bot, "settings")))
    return {"inline_keyboard": rows} if rows else None


def announcement(t: Translator, lexicon: Lexicon, post: Post, bot: str | None = None) -> Rendered:
    """A new post or opportunity, as pushed to a subscriber."""
    if post.opportunity is not None:
        # The detail view, short enough for a phone; "Open in the bot" has the rest.
        header = t.gettext("🎯 New opportunity")
        block = opportunity_detail(t, post, today=_today())
    else:
        header = t.gettext("📰 New post")
        block = post_block(t, lexicon, post, summary_limit=SUMMARY_DETAIL)
    text = _within_limit(f"<b>{esc(header)}</b>\n\n{block}")
    return Rendered(text, reply_markup=post_keyboard(t, post, bot, _today()))


def announcement_message(
    t: Translator, lexicon: Lexicon, post: Post, bot: str | None = None
) -> Outgoing:
    """The announcement as it goes out, with its buttons: a post with an image is a photo
    with the text as its caption when that fits Telegram's 1,024 units (a shorter summary
    is tried first), else the text alone as a message."""
    message = announcement(t, lexicon, post, bot)
    if not post.image:
        return message
    if visible_length(message.text) <= CAPTION_LIMIT:
        return replace(message, photo=post.image)
    if post.opportunity is None:
        short = post_block(t, lexicon, post, summary_limit=SUMMARY_LONG // 8)
        header = esc(t.gettext("📰 New post"))
        caption = f"<b>{header}</b>\n\n{short}"
        if visible_length(caption) <= CAPTION_LIMIT:
            return replace(message, text=caption, photo=post.image)
    return message


def reminder(
    t: Translator,
    lexicon: Lexicon,
    post: Post,
    days_left: int,
    today: date | None = None,
    bot: str | None = None,
) -> Rendered:
    """The deadline of an opportunity the reader asked to be reminded of is near
    (``today``: the day the reminder is judged on, the same one ``days_left`` counts from)."""
    if days_left <= 0:
        header = t.gettext("⏰ Reminder: the deadline is today")
    else:
        header = t.ngettext(
            "⏰ Reminder: the deadline is in {n} day",
            "⏰ Reminder: the deadline is in {n} days",
            days_left,
        ).format(n=days_left)
    day = today or _today()
    text = _within_limit(
        f"<b>{esc(header)}</b>\n\n" + opportunity_block(t, lexicon, post, today=day)
    )
    keyboard = post_keyboard(t, post, bot, day, manage=False)
    if keyboard is not None:
        # Already reminded: no second "remind me" (the calendar file stays offered).
        rows = [
            [button for button in row if "remind_" not in button.get("url", "")]
            for row in keyboard["inline_keyboard"]
        ]
        rows = [row for row in rows if row]
        keyboard = {"inline_keyboard": rows} if rows else None
    return Rendered(text, reply_markup=keyboard)


def digest(
    t: Translator,
    lexicon: Lexicon,
    posts: Sequence[Post],
    frequency: str,
    bot: str | None = None,
) -> Rendered:
    """Everything matched since the last digest, as many as fit in one message; it says
    when it comes (``t``'s time zone: the chat's), and its buttons open the first posts in
    the bot."""
    text = _digest_text(t, lexicon, posts, frequency)
    rows: list[list[dict[str, str]]] = []
    if bot:
        shown = posts[:DIGEST_BUTTONS]
        rows.append(
            [
                {"text": str(number), "url": deep_link(bot, f"post_{post.id}")}
                for number, post in enumerate(shown, 1)
            ]
        )
        rows.append(_url(t.gettext("⚙️ Manage subscription"), deep_link(bot, "settings")))
    return Rendered(text, reply_markup={"inline_keyboard": rows} if rows else None)


def _digest_text(t: Translator, lexicon: Lexicon, posts: Sequence[Post], frequency: str) -> str:
    header = (
        t.gettext("🗞 Your weekly digest")
        if frequency == "weekly"
        else t.gettext("🗞 Your daily digest")
    )
    text = f"<b>{esc(header)}</b>\n" + esc(
        frequency_line(t, "weekly" if frequency == "weekly" else "daily")
    )
    for index, post in enumerate(posts):
        block = (
            opportunity_block(t, lexicon, post, today=_today(), number=index + 1)
            if post.opportunity is not None
            else post_block(t, lexicon, post, number=index + 1)
        )
        left = len(posts) - index
        more = t.ngettext("…and {n} more", "…and {n} more", left).format(n=left)
        candidate = f"{text}\n\n{block}"
        # Keep room for the "and n more" line in case the next block does not fit.
        if utf16_len(candidate) + utf16_len(more) + 2 > MESSAGE_LIMIT:
            return f"{text}\n\n{esc(more)}"
        text = candidate
    return text


def feed_failing(t: Translator, url: str, error: str, failures: int, retry_minutes: int) -> str:
    """Staff alert: a feed could not be fetched or read."""
    head = t.ngettext(
        "⚠️ The feed {url} failed {n} time in a row.",
        "⚠️ The feed {url} failed {n} times in a row.",
        failures,
    ).format(url=url, n=failures)
    tail = t.gettext("Error: {error}. Next try in {minutes} min.").format(
        error=error[:500], minutes=retry_minutes
    )
    return f"{esc(head)}\n{esc(tail)}"


def feed_recovered(t: Translator, url: str) -> str:
    return esc(t.gettext("✅ The feed {url} works again.").format(url=url))


def work_label(t: Translator, work: str) -> str:
    """A background task's name as staff read it in an alert."""
    labels = {
        # Translators: background work named in a staff alert ("… failed 3 times in a row").
        "deliveries": t.gettext("deliveries"),
        "feeds": t.gettext("feed polling"),
        "housekeeping": t.gettext("reminders and digests"),
        "broadcasts": t.gettext("broadcast follow-up"),
    }
    return labels.get(work, work)


def work_failing(t: Translator, work: str, failures: int) -> str:
    """Staff alert: background work keeps failing (it restarts by itself, with back-off)."""
    text = t.ngettext(
        "⚠️ Background work “{work}” failed {n} time in a row. It restarts by itself; "
        "the details are in the bot's log.",
        "⚠️ Background work “{work}” failed {n} times in a row. It restarts by itself; "
        "the details are in the bot's log.",
        failures,
    ).format(work=work_label(t, work), n=failures)
    return esc(text)


def still_retrying(t: Translator, n: int) -> str:
    """How many queued deliveries wait for another try after a temporary error (an outage
    of Telegram or the network): not failed, they go out when it is over."""
    return t.ngettext(
        "🔁 {n} still retrying after a temporary error (not failed)",
        "🔁 {n} still retrying after a temporary error (not failed)",
        n,
    ).format(n=t.format_number(n))


def without_query(text: str) -> str:
    """``text`` with every URL's query string and fragment removed."""
    return _URL_TAIL.sub(r"\1", text)


def feed_label(url: str) -> str:
    """A feed as staff see it in /stats: host and path, nothing after them."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path) if parts.netloc else without_query(url)


def delivery_stats(
    t: Translator, counts: Counts, broadcasts: int, feeds: Sequence[FeedState]
) -> list[str]:
    """Plain-text lines for /stats: the outbox by status, broadcasts, each feed's last poll."""
    n = t.format_number
    lines = [
        "",
        "📬 "
        + t.gettext(
            "Deliveries: {pending} queued, {sending} sending, {sent} sent, "
            "{blocked} blocked, {failed} failed"
        ).format(
            pending=n(counts.pending),
            sending=n(counts.sending),
            sent=n(counts.sent),
            blocked=n(counts.blocked),
            failed=n(counts.failed),
        ),
    ]
    if counts.retrying:
        lines.append(still_retrying(t, counts.retrying))
    lines.append(
        "📣 "
        + t.ngettext("{n} broadcast sent", "{n} broadcasts sent", broadcasts).format(
            n=n(broadcasts)
        )
    )
    for feed in feeds:
        label = feed_label(feed.url)
        if feed.failures:
            line = t.ngettext(
                "Feed {feed}: failed {n} time in a row ({error})",
                "Feed {feed}: failed {n} times in a row ({error})",
                feed.failures,
            ).format(
                feed=label, n=n(feed.failures), error=without_query(feed.last_error or "")[:120]
            )
        elif feed.ever_fetched:
            line = t.gettext("Feed {feed}: OK").format(feed=label)
        else:
            line = t.gettext("Feed {feed}: not polled yet").format(feed=label)
        lines.append("📡 " + line)
    return lines
