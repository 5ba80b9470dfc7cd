"""/timezone: a chat (a group: its admins) picks the time zone its times are shown in."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot import callbacks, views
from cagbot.bot import kit
from cagbot.bot.access import may_manage_chat
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import button_press, edit, expired, reply
from cagbot.i18n import N_, Translator
from cagbot.timezones import CHOICES

CHECKED = "✅"


def picker(t: Translator, now: datetime) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            (CHECKED + " " if name == t.time_zone else "") + views.zone_label(t, name, now),
            callback_data=callbacks.encode("tz", index),
        )
        for index, name in enumerate(CHOICES)
    ]
    return kit.with_menu([buttons[i : i + 2] for i in range(0, len(buttons), 2)], t)


async def timezone_command(update: Update, context: BotContext) -> None:
    await context.remember_chat()
    t = await context.translator()
    now = datetime.now(UTC)
    await reply(update, views.choose_time_zone(t, now), picker(t, now))


async def open_picker(update: Update, context: BotContext) -> None:
    """The "🕒 Time zone" button under /settings: the picker in place of the settings."""
    press = await button_press(update, context)
    if press is None:
        return
    query, t, _pressed = press
    if not await may_manage_chat(update, context):
        await query.answer(views.admins_only_settings(t), show_alert=True)
        return
    await query.answer()
    now = datetime.now(UTC)
    await edit(context, query, views.choose_time_zone(t, now), picker(t, now))


async def choose(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    index = pressed.int_arg(0)
    chat = update.effective_chat
    if chat is None or index >= len(CHOICES):
        await expired(query, t)
        return
    if not await may_manage_chat(update, context):
        await query.answer(views.admins_only_settings(t), show_alert=True)
        return
    # An old keyboard pressed after /forget must not quietly store the chat again.
    if await context.services.store.subscribers.get(chat.id) is None:
        await expired(query, t)
        return
    await context.services.store.subscribers.set_time_zone(chat.id, CHOICES[index])
    context.forget_language()
    t = await context.translator()  # now in the chosen zone
    await query.answer(views.saved(t))
    await edit(context, query, views.time_zone_set(t, datetime.now(UTC)), kit.with_menu([], t))


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("timezone", timezone_command))
    app.add_handler(CallbackQueryHandler(choose, pattern=callbacks.pattern("tz")))
    app.add_handler(CallbackQueryHandler(open_picker, pattern=callbacks.pattern("tzp")))
    app.bot_data.add_command("timezone", N_("Change the time zone"), group_admin=True)
