"""Who may do what among CAG's own people: staff (``CAGBOT_ADMIN_IDS``) approve and send;
partner editors (``CAGBOT_EDITOR_IDS``) may draft. Checked on the user who pressed or
wrote, at every step: a forwarded or replayed button carries no rights of its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from telegram import Chat, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ParseMode
from telegram.ext import ApplicationHandlerStop, TypeHandler

from cagbot import views
from cagbot.bot.access import log_refusal
from cagbot.bot.chats import remember_chat
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.i18n import Translator, map_telegram_language

Role = Literal["staff", "editor"]


def role_of(update: Update, context: BotContext) -> Role | None:
    user = update.effective_user
    return None if user is None else role_of_user(context, user.id)


def role_of_user(context: BotContext, user_id: int) -> Role | None:
    """The user's role now (from the settings): asked at every step that acts, never
    taken from a draft or form saved when the person started composing."""
    settings = context.services.settings
    if user_id in settings.admin_ids:
        return "staff"
    if user_id in settings.editor_ids:
        return "editor"
    return None


async def remember_staff(update: Update, context: BotContext) -> None:
    """Staff and editors are written to outside any conversation (approval requests,
    decisions, reports): remember their Telegram language from whatever they send, /start
    or not, so that those messages are in it."""
    user, chat = update.effective_user, update.effective_chat
    if (
        user is None
        or chat is None
        or chat.type != Chat.PRIVATE
        or role_of(update, context) is None
    ):
        return
    _, telegram = await context.services.store.subscribers.language_of(user.id)
    if telegram is None or telegram != map_telegram_language(user.language_code):
        await remember_chat(update, context)


def register(app: BotApp) -> None:
    # Before the handlers that answer (which may stop the update), after the flood gate.
    app.add_handler(TypeHandler(Update, remember_staff), group=HandlerGroup.REMEMBER_STAFF)


async def reply_html(
    message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def start_private(
    update: Update, context: BotContext, what: str, private_only: Callable[[Translator], str]
) -> tuple[Message, User, Translator, Role]:
    """The opening of a staff command that is composed in a private chat (/broadcast,
    /newcall): staff or an editor, there; otherwise the refusal is sent and the update
    goes no further (``ApplicationHandlerStop``)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        raise ApplicationHandlerStop
    t = await context.translator()
    role = role_of(update, context)
    if role is None:
        log_refusal(update, what)
        await reply_html(message, views.staff_only(t))
        raise ApplicationHandlerStop
    if update.effective_chat is None or update.effective_chat.type != Chat.PRIVATE:
        await reply_html(message, private_only(t))
        raise ApplicationHandlerStop
    return message, user, t, role
