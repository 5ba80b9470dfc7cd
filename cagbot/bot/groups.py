"""Chat life-cycle: the bot added to a group (a greeting with the admins' next step), a
group upgraded to a supergroup, the bot blocked or removed."""

from __future__ import annotations

import logging

from telegram import Chat, ChatMember, Update
from telegram.error import Forbidden
from telegram.ext import ChatMemberHandler, MessageHandler, filters

from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.kit import reply
from cagbot.bot.start import menu

log = logging.getLogger(__name__)


async def migrated(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    # The outbox's migration moves everything keyed by the chat (settings, topics, queued
    # deliveries, reminders, digest items) in one transaction: the only migration path.
    await context.services.store.outbox.migrate_chat(message.chat.id, message.migrate_to_chat_id)


async def membership(update: Update, context: BotContext) -> None:
    change = update.my_chat_member
    if change is None:
        return
    gone = change.new_chat_member.status in (ChatMember.LEFT, ChatMember.BANNED)
    was_out = change.old_chat_member.status in (ChatMember.LEFT, ChatMember.BANNED)
    await context.services.store.subscribers.set_active(change.chat.id, not gone)
    if not gone and was_out and change.chat.type in (Chat.GROUP, Chat.SUPERGROUP):
        await _greet(update, context)


async def _greet(update: Update, context: BotContext) -> None:
    """Just added to a group: say what works there and what an admin does next."""
    await context.remember_chat()
    t = await context.translator()
    try:
        await reply(update, *menu(update, context, t))
    except Forbidden:
        log.info("could not greet a group (no right to write there)")


def register(app: BotApp) -> None:
    app.add_handler(
        MessageHandler(filters.StatusUpdate.MIGRATE & filters.ChatType.GROUP, migrated),
        group=HandlerGroup.STAFF_AND_CHATS,
    )
    app.add_handler(
        ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER),
        group=HandlerGroup.STAFF_AND_CHATS,
    )
