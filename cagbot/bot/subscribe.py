"""/subscribe (topics, content languages, opportunity alerts, frequency), /unsubscribe,
/settings. In a group only its admins may change the group's subscription."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot import views
from cagbot.bot import callbacks, keyboards
from cagbot.bot.access import may_manage_chat
from cagbot.bot.callbacks import Callback
from cagbot.bot.chats import remember_chat
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.replies import button_press, edit, expired, reply
from cagbot.i18n import N_
from cagbot.store.subscribers import Subscriber


async def subscribe_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    if not await may_manage_chat(update, context):
        await reply(update, views.admins_only(t))
        return
    subscriber = await remember_chat(update, context)
    assert subscriber is not None
    subscriber = await context.services.store.subscribers.set_subscribed(subscriber.chat_id, True)
    assert subscriber is not None
    lexicon = context.services.lexicon
    await reply(
        update,
        views.subscribe_prompt(t, lexicon, subscriber),
        keyboards.subscription(t, lexicon, subscriber),
    )


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    if not await may_manage_chat(update, context):
        await reply(update, views.admins_only(t))
        return
    chat = update.effective_chat
    assert chat is not None
    found = await context.services.store.subscribers.set_subscribed(chat.id, False)
    await reply(update, views.unsubscribed(t) if found else views.not_subscribed(t))


async def settings_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    chat = update.effective_chat
    assert chat is not None
    subscriber = await context.services.store.subscribers.get(chat.id)
    if subscriber is None:
        await reply(update, views.not_subscribed(t))
        return
    await reply(update, views.subscription(t, context.services.lexicon, subscriber))


async def _apply(context: BotContext, chat_id: int, pressed: Callback) -> Subscriber | None:
    subscribers = context.services.store.subscribers
    action, args = pressed.action, pressed.args
    if action == "sub":
        if context.services.lexicon.topic(args[1]) is None:
            return None
        current = await subscribers.get(chat_id)
        if args[0] == "on":
            await subscribers.set_subscribed(chat_id, True)
            if current is not None and args[1] in current.topics:
                return await subscribers.get(chat_id)
        return await subscribers.toggle_topic(chat_id, args[1])
    if action == "cl":
        return await subscribers.set_content_languages(
            chat_id, "all" if args[0] == "all" else "mine"
        )
    if action == "al":
        return await subscribers.set_opportunity_alerts(chat_id, args[0] == "on")
    if action == "fq":
        frequency = {"instant": "instant", "daily": "daily", "weekly": "weekly"}[args[0]]
        return await subscribers.set_frequency(chat_id, frequency)  # type: ignore[arg-type]
    return await subscribers.get(chat_id)


async def pressed_setting(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    chat = update.effective_chat
    if chat is None:
        await expired(query, t)
        return
    if not await may_manage_chat(update, context):
        await query.answer(views.admins_only_short(t), show_alert=True)
        return
    await remember_chat(update, context)
    subscriber = await _apply(context, chat.id, pressed)
    if subscriber is None:
        await expired(query, t)
        return
    await query.answer(views.saved(t))
    lexicon = context.services.lexicon
    if pressed.action == "subdone":
        await edit(query, views.subscription(t, lexicon, subscriber))
    elif pressed.action == "sub" and pressed.args[0] == "on":
        # From a deep link's "follow" button: show the full settings below it.
        await reply(
            update,
            views.subscribe_prompt(t, lexicon, subscriber),
            keyboards.subscription(t, lexicon, subscriber),
        )
    else:
        await edit(
            query,
            views.subscribe_prompt(t, lexicon, subscriber),
            keyboards.subscription(t, lexicon, subscriber),
        )


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("subscribe", subscribe_command))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe_command))
    app.add_handler(CommandHandler("settings", settings_command))
    for action in ("sub", "cl", "al", "fq", "subdone"):
        app.add_handler(CallbackQueryHandler(pressed_setting, pattern=callbacks.pattern(action)))
    app.bot_data.add_command("subscribe", N_("Choose topics and notifications"))
    app.bot_data.add_command("unsubscribe", N_("Pause notifications"))
    app.bot_data.add_command("settings", N_("What you have chosen"))
