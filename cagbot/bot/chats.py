"""Remembering a chat: its type and the language Telegram reports, nothing about the person."""

from __future__ import annotations

from telegram import Chat, Update

from cagbot.bot.context import BotContext
from cagbot.i18n import map_telegram_language
from cagbot.store.subscribers import Subscriber


async def remember_chat(update: Update, context: BotContext) -> Subscriber | None:
    """The chat's row, created if new. A private chat keeps its person's Telegram language
    up to date; a group takes the Telegram language of whoever brought it to the bot (the
    admin who added the bot or first set it up) and keeps it, so that everything sent
    there (replies, notifications, digests) is in one language until its admins choose
    another with /language."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return None
    subscribers = context.services.store.subscribers
    reported = None
    human = user is not None and not user.is_bot
    if human and (chat.type == Chat.PRIVATE or (await subscribers.language_of(chat.id))[1] is None):
        assert user is not None
        reported = map_telegram_language(user.language_code)
    chat_type = chat.type if chat.type in ("private", "group", "supergroup", "channel") else "group"
    return await subscribers.ensure(chat.id, chat_type, reported)  # type: ignore[arg-type]
