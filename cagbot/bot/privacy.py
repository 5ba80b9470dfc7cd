"""/mydata (everything stored about you) and /forget (erase it, after a confirmation).

Both work in private chats only: in a group the answer would show one person's
subscriptions to everybody, and the group's own settings are not a person's data. The
confirmation button carries its owner's user id and is checked against the person who
pressed it, so a copied or forged button erases nothing of anybody else's.
"""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot import callbacks
from cagbot.bot import keyboards, kit, privacy_texts
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import button_press, edit, reply
from cagbot.i18n import N_

log = logging.getLogger(__name__)


def _private_user_id(update: Update) -> int | None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != Chat.PRIVATE or chat.id != user.id:
        return None
    return user.id


async def mydata_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    user_id = _private_user_id(update)
    if user_id is None:
        await reply(update, privacy_texts.private_only(t))
        return
    data = await context.services.store.privacy.export(user_id)
    user = update.effective_user
    for part in privacy_texts.my_data_parts(
        t, context.services.lexicon, data, user.language_code if user else None
    ):
        await reply(update, part)


async def forget_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    user_id = _private_user_id(update)
    if user_id is None:
        await reply(update, privacy_texts.private_only(t))
        return
    if (await context.services.store.privacy.export(user_id)).empty:
        await reply(update, privacy_texts.nothing_to_forget(t), kit.with_menu([], t))
        return
    await reply(update, privacy_texts.forget_prompt(t), keyboards.forget(t, user_id))


async def pressed_forget(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    owner = pressed.int_arg(1)
    if _private_user_id(update) != owner or query.from_user.id != owner:
        log.info("refused a /forget confirmation pressed by someone else")
        await query.answer(privacy_texts.not_your_button(t), show_alert=True)
        return
    if pressed.args[0] == "no":
        await query.answer()
        await edit(context, query, privacy_texts.kept(t))
        return
    erased = await context.services.store.privacy.erase(owner)
    if context.chat_data is not None:
        context.chat_data.clear()  # the last search results, held in memory
    log.info("erased a person's data on request (%d rows)", erased.total)
    await query.answer()
    await edit(context, query, privacy_texts.forgotten(t, erased))


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("mydata", mydata_command))
    app.add_handler(CommandHandler("forget", forget_command))
    app.add_handler(CallbackQueryHandler(pressed_forget, pattern=callbacks.pattern("fgt")))
    app.bot_data.add_command("mydata", N_("See everything I store about you"), private=True)
    app.bot_data.add_command("forget", N_("Erase all I store about you"), private=True)
