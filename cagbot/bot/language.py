"""/language: a person (or a group's admin) picks sv, en or ru."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot import callbacks, views
from cagbot.bot import keyboards, kit
from cagbot.bot.access import may_manage_chat
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import button_press, edit, expired, reply
from cagbot.i18n import N_, Translator


def picker(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    return views.choose_language(t, t.language), keyboards.languages(t)


async def language_command(update: Update, context: BotContext) -> None:
    await context.remember_chat()
    t = await context.translator()
    await reply(update, *picker(t))


async def choose(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    if not await may_manage_chat(update, context):
        await query.answer(views.admins_only_language(t), show_alert=True)
        return
    chat = update.effective_chat
    assert chat is not None
    subscribers = context.services.store.subscribers
    # An old keyboard pressed after /forget must not quietly store the chat again.
    if await subscribers.get(chat.id) is None:
        await expired(query, t)
        return
    await subscribers.set_language(chat.id, pressed.args[0])
    context.forget_language()
    t = await context.translator()  # the language just chosen
    await query.answer()
    await edit(context, query, views.language_set(t), kit.with_menu([], t))


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("language", language_command))
    app.add_handler(CallbackQueryHandler(choose, pattern=callbacks.pattern("lang")))
    app.bot_data.add_command("language", N_("Change the language"), group_admin=True)
