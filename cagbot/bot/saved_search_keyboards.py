"""Keyboards of saved searches: the offer under search results, and /alerts."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from cagbot.bot.kit import callback_button, with_menu
from cagbot.i18n import Translator
from cagbot.markup import truncate
from cagbot.store.saved_searches import SavedSearch

#: Characters of a query on a button (Telegram shows about this many on a phone).
_BUTTON_QUERY = 40


def offer(t: Translator, markup: InlineKeyboardMarkup, token: int) -> InlineKeyboardMarkup:
    """Search results' keyboard with "🔔 Tell me about new results" above the last row."""
    rows = [list(row) for row in markup.inline_keyboard]
    # Translators: a button under search results that saves the search; keep it short.
    button = callback_button(t.gettext("🔔 Tell me about new results"), "ssv", token)
    return InlineKeyboardMarkup([*rows[:-1], [button], *rows[-1:]])


def listing(t: Translator, searches: Sequence[SavedSearch]) -> InlineKeyboardMarkup:
    """One button per saved search (opens it), numbered as in the list."""
    rows: list[list[InlineKeyboardButton]] = [
        [
            callback_button(
                f"{number}. {'⏸ ' if search.paused else ''}"
                + truncate(search.query, _BUTTON_QUERY),
                "sso",
                search.id,
            )
        ]
        for number, search in enumerate(searches, 1)
    ]
    return with_menu(rows, t)


def one(t: Translator, search: SavedSearch) -> InlineKeyboardMarkup:
    pause = (
        callback_button(t.gettext("▶️ Resume"), "ssp", "r", search.id)
        if search.paused
        else callback_button(t.gettext("⏸ Pause"), "ssp", "p", search.id)
    )
    rows = [
        # Translators: a button: change the words of a saved search.
        [pause, callback_button(t.gettext("✏️ Rename"), "ssr", search.id)],
        [
            callback_button(t.gettext("🗑 Delete"), "ssd", search.id),
            callback_button(t.gettext("◀ All saved searches"), "ssl"),
        ],
    ]
    return with_menu(rows, t)


def back(t: Translator) -> InlineKeyboardMarkup:
    return with_menu([[callback_button(t.gettext("◀ All saved searches"), "ssl")]], t)
