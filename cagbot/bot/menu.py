"""The main menu's buttons: "☰ Menu" on every view and the entries that have no list of
their own (search hint, subscribe, language, settings). Each edits the message it is
pressed on, so the chat does not fill up with menus."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from cagbot import callbacks, views
from cagbot.bot import kit, language, subscribe
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import button_press, edit, expired
from cagbot.bot.start import in_group, menu


async def menu_pressed(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, _ = press
    await query.answer()
    await edit(context, query, *menu(update, context, t))


async def entry_pressed(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    chat = update.effective_chat
    # These entries are on private menus only; a chat the bot no longer knows (after
    # /forget) starts again with /start rather than being stored again by an old button.
    if (
        chat is None
        or in_group(update)
        or await context.services.store.subscribers.get(chat.id) is None
    ):
        await expired(query, t)
        return
    entry = pressed.args[0]
    if entry == "find":
        await query.answer()
        await edit(context, query, views.search_hint(t), kit.with_menu([], t))
    elif entry == "lang":
        await query.answer()
        await edit(context, query, *language.picker(t))
    else:
        await subscribe.show_in_place(update, context, query, t, editing=entry == "sub")


def register(app: BotApp) -> None:
    app.add_handler(CallbackQueryHandler(menu_pressed, pattern=callbacks.pattern("menu")))
    app.add_handler(CallbackQueryHandler(entry_pressed, pattern=callbacks.pattern("go")))
