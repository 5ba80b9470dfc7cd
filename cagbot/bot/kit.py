"""What every handler uses to answer, in one place: sending and editing (HTML parse mode,
no link previews, every message within limits), the buttons a reply carries (each one's
callback_data encoded by :mod:`cagbot.callbacks`, the ☰ Menu row, paging, numbered entries)
and the decoded button press a callback handler starts from.

A feature's module imports this, :mod:`cagbot.callbacks` (its button kinds' patterns) and
:mod:`cagbot.bot.context` (``BotContext``: ``context.services``, ``context.translator()``,
``context.remember_chat()``); nothing else of the bot is needed to answer a person."""

from __future__ import annotations

import html
import logging
import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol, runtime_checkable

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from cagbot import callbacks
from cagbot.bot.context import BotContext
from cagbot.i18n import Translator
from cagbot.markup import MESSAGE_LIMIT, pack
from cagbot.views import button_expired

log = logging.getLogger(__name__)
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_TAG = re.compile(r"<[^>]*>")


# -- buttons -------------------------------------------------------------------------

CHECKED, UNCHECKED = "✅", "▫️"


def callback_button(text: str, action: str, *args: object) -> InlineKeyboardButton:
    """A button whose callback_data is ``action`` and ``args``, encoded and checked."""
    return InlineKeyboardButton(text, callback_data=callbacks.encode(action, *args))


Rows = list[list[InlineKeyboardButton]]


def menu_button(t: Translator) -> InlineKeyboardButton:
    return callback_button(t.gettext("☰ Menu"), "menu")


def with_menu(rows: Rows, t: Translator) -> InlineKeyboardMarkup:
    """``rows`` and, last, the way back to the main menu (every view has one)."""
    return InlineKeyboardMarkup([*rows, [menu_button(t)]])


def page_bounds(page: int, total: int, size: int) -> tuple[int, int]:
    """``page`` kept within the pages ``total`` entries make at ``size`` a page, and how
    many pages that is (at least one, so an empty list still shows its page)."""
    pages = max(1, math.ceil(total / size))
    return min(max(page, 0), pages - 1), pages


def pager(action: str, page: int, pages: int, *prefix: object) -> list[InlineKeyboardButton]:
    """◀ n/N ▶: the arrows edit the message in place; the middle button does nothing."""
    if pages <= 1:
        return []
    row = []
    if page > 0:
        row.append(callback_button("◀", action, *prefix, page - 1))
    row.append(callback_button(f"{page + 1}/{pages}", "noop"))
    if page < pages - 1:
        row.append(callback_button("▶", action, *prefix, page + 1))
    return row


def numbers(action: str, ids: Sequence[int], *extra: object, first: int = 1) -> Rows:
    """One button per list entry, labelled with the entry's number, five to a row."""
    buttons = [
        callback_button(str(number), action, item, *extra) for number, item in enumerate(ids, first)
    ]
    return [buttons[i : i + 5] for i in range(0, len(buttons), 5)]


# -- sending and editing -----------------------------------------------------------


async def reply(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Answer in the chat the update came from; long text goes out as several messages,
    the keyboard on the last one."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = pack([text], MESSAGE_LIMIT)
    sent: Message | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        sent = await chat.send_message(
            part,
            parse_mode=ParseMode.HTML,
            link_preview_options=_NO_PREVIEW,
            reply_markup=markup if last else None,
        )
    return sent


async def edit_or_send(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> tuple[int, int] | None:
    """Edit the message the pressed button belongs to, or send the text anew when that
    message cannot be edited (too old, deleted); where it now stands: (chat id, message id)."""
    query = update.callback_query
    assert query is not None  # only button handlers call this
    if query.message is None:
        return None
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except TelegramError:
        sent = await query.message.chat.send_message(
            text, parse_mode=ParseMode.HTML, reply_markup=markup
        )
        return sent.chat.id, sent.message_id
    return query.message.chat.id, query.message.message_id


async def edit_markup(query: CallbackQuery, markup: InlineKeyboardMarkup) -> None:
    """Replace only the keyboard of the message a button belongs to (a toggle's state)."""
    try:
        await query.edit_message_reply_markup(reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def edit(
    context: BotContext,
    query: CallbackQuery,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Replace the message a button belongs to (paging, toggles) with new text.

    The edit is sent in the background and coalesced per message, so the handler (and the
    chat's next update, waiting for it) does not wait for the edit's turn in the chat's send
    pace: quick taps are each answered at once, and the message shows the last tap's state
    after at most one edit in flight and one waiting. Edits of one message stay in order.
    """
    part = pack([text], MESSAGE_LIMIT)[0]
    message = query.message
    if message is None:  # a message sent via inline mode: nothing to coalesce on
        await _edit_now(query, part, markup)
        return
    key = (message.chat.id, message.message_id)
    pending = context.services.pending_edits
    queued = key in pending
    pending[key] = (query, part, markup)
    if not queued:
        context.application.create_task(_drain(pending, key))


async def _drain(pending: dict[tuple[int, int], Any], key: tuple[int, int]) -> None:
    while True:
        entry = pending[key]
        try:
            await _edit_now(*entry)
        except TelegramError as error:
            log.warning("could not edit a message: %s", error)
        except Exception:
            log.exception("editing a message failed")
        if pending.get(key) is entry:
            del pending[key]
            return


def _unchanged(query: CallbackQuery, part: str, markup: InlineKeyboardMarkup | None) -> bool:
    """Whether the message already shows this text and keyboard (the button pressed was the
    one already selected): Telegram refuses such an edit with 400 "message is not modified",
    so it is not sent at all. Compared as Telegram holds it: visible text and buttons."""
    message = query.message
    if not isinstance(message, Message) or message.text is None:
        return False
    visible = html.unescape(_TAG.sub("", part)).strip()
    if visible != message.text.strip():
        return False
    shown = message.reply_markup.to_dict() if message.reply_markup else None
    return shown == (markup.to_dict() if markup else None)


async def _edit_now(query: CallbackQuery, part: str, markup: InlineKeyboardMarkup | None) -> None:
    if _unchanged(query, part, markup):
        return
    try:
        await query.edit_message_text(
            part,
            parse_mode=ParseMode.HTML,
            link_preview_options=_NO_PREVIEW,
            reply_markup=markup,
        )
    except BadRequest as error:
        # Pressing the button that is already selected changes nothing; Telegram says so.
        if "not modified" not in str(error).lower():
            raise


class Press(NamedTuple):
    """A button press whose callback_data decoded: the query to answer, the presser's
    translator and what the button carries."""

    query: CallbackQuery
    t: Translator
    pressed: callbacks.Callback


async def button_press(update: Update, context: BotContext) -> Press | None:
    """The press a CallbackQueryHandler was routed; ``None`` (already answered with a polite
    "expired") when its data is stale, forged or malformed."""
    query = update.callback_query
    assert query is not None  # only CallbackQueryHandlers call this
    t = await context.translator()
    pressed = callbacks.decode(query.data)
    if pressed is None:
        await expired(query, t)
        return None
    return Press(query, t, pressed)


@runtime_checkable
class _Queueing(Protocol):
    """An update processor that knows which updates wait for their chat (update_processor)."""

    def later_press_on(self, update: Update, actions: frozenset[str]) -> bool: ...


def superseded(update: Update, context: BotContext, actions: frozenset[str]) -> bool:
    """A later press (one of ``actions``) on the same message is already queued: it will
    render the message with this press's change included, so this one need not edit."""
    processor = context.application.update_processor
    return isinstance(processor, _Queueing) and processor.later_press_on(update, actions)


async def expired(query: CallbackQuery, t: Translator) -> None:
    """Answer a button that no longer acts (stale keyboard, vanished target, wrong chat)."""
    await query.answer(button_expired(t))
