"""Acting on a call in one tap: "📅 Add to calendar" (a button on the detail view, and the
``ics_12`` deep link of notifications) sends the deadline as an .ics file in the reader's
time zone. The file is made by :mod:`cagbot.views.calendar`; "↗️ Share" and "📋 Copy
address" are Telegram's own buttons (:mod:`cagbot.bot.keyboards`) and need no handler."""

from __future__ import annotations

from telegram import Chat, InputFile, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler

from cagbot import callbacks, views
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import button_press, reply
from cagbot.views.calendar import deadline_calendar


async def send_calendar(update: Update, context: BotContext, post_id: int) -> bool:
    """Send the deadline of call ``post_id`` as a calendar file in this chat; False (and
    nothing sent) when there is no such call or it states no deadline."""
    services = context.services
    chat = update.effective_chat
    post = await services.store.posts.get(post_id)
    if chat is None or post is None:
        return False
    t = await context.translator()
    made = deadline_calendar(t, post, bot=context.bot.username)
    if made is None:
        return False
    await chat.send_document(
        InputFile(made.data, filename=made.filename),
        caption=made.caption,
        parse_mode=ParseMode.HTML,
    )
    return True


async def pressed_calendar(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    if await send_calendar(update, context, pressed.int_arg(0)):
        await query.answer()
    else:
        await query.answer(views.post_gone(t), show_alert=True)


async def calendar_link(update: Update, context: BotContext, post_id: int) -> None:
    """The ``ics_12`` deep link of a notification (sent to groups too, so it is a link
    that opens the reader's own private chat)."""
    chat = update.effective_chat
    private = chat is not None and chat.type == Chat.PRIVATE
    if not private or not await send_calendar(update, context, post_id):
        t = await context.translator()
        await reply(update, views.link_gone(t))


def register(app: BotApp) -> None:
    app.add_handler(CallbackQueryHandler(pressed_calendar, pattern=callbacks.pattern("ics")))
