"""Buttons nobody else handles: stale keyboards, forged callback data, the page counter.

Registered last in handler group 0, so it only sees callback queries no feature took.
Every callback query gets an answer, or the person's client shows a spinner.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from cagbot import views
from cagbot.bot import callbacks
from cagbot.bot.context import BotApp, BotContext


async def unknown_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    pressed = callbacks.decode(query.data)
    if pressed is not None and pressed.action == "noop":
        await query.answer()
        return
    await query.answer(views.button_expired(await context.translator()))


def register(app: BotApp) -> None:
    app.add_handler(CallbackQueryHandler(unknown_button))
