"""Who may do what: staff (settings.admin_ids) and group admins (asked of Telegram)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import CallbackQuery, Chat, ChatMember, Update
from telegram.error import TelegramError

from cagbot.bot.context import BotContext
from cagbot.bot.kit import button_press, expired
from cagbot.callbacks import Callback
from cagbot.i18n import Translator

log = logging.getLogger(__name__)
_ADMIN_STATUSES = frozenset({ChatMember.ADMINISTRATOR, ChatMember.OWNER})


def is_staff(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.services.settings.admin_ids


def log_refusal(update: Update, command: str) -> None:
    user = update.effective_user
    log.info("refused staff command /%s", command)
    log.debug("refused staff command /%s from user %s", command, user.id if user else None)


async def may_manage_chat(update: Update, context: BotContext) -> bool:
    """In a private chat, anyone; in a group, only a USER who is its administrator or owner.

    A message sent on behalf of the group itself (anonymous admin) comes from the group's
    own chat as ``sender_chat``; Telegram only lets admins do that.
    """
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == Chat.PRIVATE:
        return True
    if chat.type == Chat.CHANNEL:
        return False
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        log.warning("could not check a group member's status", exc_info=True)
        return False
    return member.status in _ADMIN_STATUSES


async def setting_press(
    update: Update, context: BotContext, refusal: Callable[[Translator], str]
) -> tuple[CallbackQuery, Translator, Callback, Chat] | None:
    """A button that changes a chat's settings: the query, translator, button and chat,
    for someone who :func:`may_manage_chat` it. Anyone else gets ``refusal`` as an alert, a
    press without a chat "expired"; then None."""
    press = await button_press(update, context)
    if press is None:
        return None
    query, t, pressed = press
    chat = update.effective_chat
    if chat is None:
        await expired(query, t)
        return None
    if not await may_manage_chat(update, context):
        await query.answer(refusal(t), show_alert=True)
        return None
    return query, t, pressed, chat
