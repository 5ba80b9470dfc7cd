"""The keyboards several features share: the main menu, post lists (/latest, a topic's
posts), languages, topics, /forget's confirmation. A feature's own keyboards are in its
module (/opportunities: cagbot.bot.opportunities; a post's detail: cagbot.bot.detail); the
button builders they all use are in cagbot.bot.kit."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from cagbot.bot import privacy_texts
from cagbot.bot.kit import callback_button, numbers, pager, with_menu
from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.views import NATIVE_NAMES


def main_menu(t: Translator, *, group: bool = False, ask: bool = False) -> InlineKeyboardMarkup:
    """The main menu. A group's has no subscribe or settings buttons: every member sees
    it, and those are the admins' (who use /subscribe and /settings). ``ask``: Ask CAG is
    on (cagbot.bot.ask), and a private menu offers it."""
    rows = [
        [
            callback_button(t.gettext("🎯 Opportunities"), "opp", "all", 0),
            callback_button(t.gettext("📰 Latest posts"), "lat", 0),
        ]
    ]
    if not group:
        rows += [
            [
                callback_button(t.gettext("🔎 Search"), "go", "find"),
                callback_button(t.gettext("🔔 Subscribe"), "go", "sub"),
            ],
            [
                callback_button(t.gettext("🌐 Language"), "go", "lang"),
                callback_button(t.gettext("⚙️ Settings"), "go", "set"),
            ],
        ]
        if ask:
            rows.append([callback_button(t.gettext("✉️ Ask CAG"), "ask", "new")])
    return InlineKeyboardMarkup(rows)


def latest(
    t: Translator, page: int, pages: int, post_ids: Sequence[int] = (), first: int = 1
) -> InlineKeyboardMarkup:
    """A number per post (its details; numbered across pages), paging, the menu."""
    rows = numbers("post", post_ids, first=first)
    row = pager("lat", page, pages)
    return with_menu([*rows, row] if row else rows, t)


def topic_posts(
    t: Translator,
    slug: str,
    page: int,
    pages: int,
    post_ids: Sequence[int] = (),
    *,
    follow: str | None = None,
) -> InlineKeyboardMarkup:
    """A topic's posts: numbers, paging, "follow" (``follow``: the topic's label), the menu."""
    rows = numbers("post", post_ids)
    row = pager("top", page, pages, slug)
    if row:
        rows.append(row)
    if follow is not None:
        # Translators: a button under a topic's posts; keep it short, {topic} is its name.
        text = t.gettext("🔔 Follow {topic}").format(topic=follow)
        rows.append([callback_button(text, "sub", "on", slug)])
    return with_menu(rows, t)


def languages(t: Translator) -> InlineKeyboardMarkup:
    return with_menu(
        [[callback_button(name, "lang", code) for code, name in NATIVE_NAMES.items()]], t
    )


def post_numbers(t: Translator, post_ids: Sequence[int]) -> InlineKeyboardMarkup:
    return with_menu(numbers("post", post_ids), t)


def topics(t: Translator, lexicon: Lexicon, slugs: Sequence[str]) -> InlineKeyboardMarkup:
    """Topic buttons that list posts on that topic (no-match suggestions), two to a row."""
    buttons = []
    for slug in slugs:
        entry = lexicon.topic(slug)
        if entry is not None:
            buttons.append(callback_button(entry.label(t.language), "top", slug, 0))
    return with_menu([buttons[i : i + 2] for i in range(0, len(buttons), 2)], t)


def forget(t: Translator, user_id: int) -> InlineKeyboardMarkup:
    """/forget's confirmation; the buttons carry their owner's id (checked on press)."""
    return InlineKeyboardMarkup(
        [
            [
                callback_button(privacy_texts.forget_yes(t), "fgt", "yes", user_id),
                callback_button(privacy_texts.forget_no(t), "fgt", "no", user_id),
            ]
        ]
    )
