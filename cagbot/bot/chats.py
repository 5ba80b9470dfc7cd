"""Remembering a chat: its type and the language Telegram reports, nothing about the person."""

from __future__ import annotations

from telegram import Chat, Update

from cagbot.bot.context import BotContext
from cagbot.i18n import map_telegram_language
from cagbot.store.subscribers import Subscriber


async def remember_chat(update: Update, context: BotContext) -> Subscriber | None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return None
    reported = None
    if chat.type == Chat.PRIVATE and user is not None:
        reported = map_telegram_language(user.language_code)
    chat_type = chat.type if chat.type in ("private", "group", "supergroup", "channel") else "group"
    return await context.services.store.subscribers.ensure(chat.id, chat_type, reported)  # type: ignore[arg-type]
