"""Whatever no feature took gets an answer: a stale or forged button a polite "expired",
an unknown command or a photo, sticker, voice note or document a short hint with the menu.

Registered last in handler group 0, so it only sees updates no feature handled. Every
callback query gets an answer, or the person's client shows a spinner. In a group only
commands addressed to this bot (``/menu@ourbot``) are answered: a bare unknown command
there may be another bot's, and members' photos are not for us.
"""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from cagbot import callbacks, views
from cagbot.bot import keyboards
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import reply

#: Messages the bot cannot read: everything but text (service messages excluded).
MEDIA = (
    filters.PHOTO
    | filters.Sticker.ALL
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.Document.ALL
    | filters.ANIMATION
    | filters.LOCATION
    | filters.CONTACT
    | filters.POLL
)


async def unknown_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    pressed = callbacks.decode(query.data)
    if pressed is not None and pressed.action == "noop":
        await query.answer()
        return
    await query.answer(views.button_expired(await context.translator()))


def _unknown_and_ours(update: Update, context: BotContext) -> bool:
    """A command no feature has (those of other handler groups, like /broadcast, are
    known), sent to us: any in a private chat, only ``/x@ourbot`` in a group."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or not message.text:
        return False
    command = message.text.split(maxsplit=1)[0].lstrip("/")
    name, at, bot = command.partition("@")
    if name.lower() in {spec.name for spec in context.services.commands}:
        return False
    if chat.type == Chat.PRIVATE:
        return True
    return bool(at) and bot.lower() == (context.bot.username or "").lower()


async def unknown_command(update: Update, context: BotContext) -> None:
    if not _unknown_and_ours(update, context):
        return
    t = await context.translator()
    group = update.effective_chat is not None and update.effective_chat.type != Chat.PRIVATE
    await reply(update, views.unknown_command(t), keyboards.main_menu(t, group=group))


async def unreadable(update: Update, context: BotContext) -> None:
    t = await context.translator()
    await reply(update, views.unreadable(t), keyboards.main_menu(t))


def register(app: BotApp) -> None:
    app.add_handler(CallbackQueryHandler(unknown_button))
    app.add_handler(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, unknown_command))
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & MEDIA, unreadable)
    )
