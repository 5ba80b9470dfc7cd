"""/subscribe (topics, content languages, opportunity alerts and which calls, frequency),
/unsubscribe, /settings. In a group only its admins may change the group's subscription.

Subscribing is deliberate: /subscribe first shows what will come and when, and nothing is
sent before "✅ Start notifications" is tapped. Every later change edits the same message.
"""

from __future__ import annotations

from typing import Literal

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot import callbacks, views
from cagbot.bot import kit, subscription_keyboards
from cagbot.bot.access import may_manage_chat, setting_press
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import edit, expired, reply, superseded
from cagbot.callbacks import Callback
from cagbot.content.places import place_slugs
from cagbot.i18n import N_, Translator
from cagbot.markup import esc
from cagbot.store.subscribers import Subscriber

#: Presses on the editor that re-render it (quick taps edit it once, for the last).
_EDITOR_ACTIONS = frozenset({"sub", "cl", "al", "fq", "subok", "subdone"})
#: Presses on the call filters' screen (it re-renders itself).
_CALL_ACTIONS = frozenset({"cfl", "ck", "cp", "cg"})


def _editor(
    context: BotContext, t: Translator, subscriber: Subscriber
) -> tuple[str, InlineKeyboardMarkup]:
    lexicon = context.services.lexicon
    return (
        views.subscribe_prompt(t, lexicon, subscriber),
        subscription_keyboards.subscription(t, lexicon, subscriber),
    )


def _call_filters(
    context: BotContext, t: Translator, subscriber: Subscriber
) -> tuple[str, InlineKeyboardMarkup]:
    lexicon = context.services.lexicon
    return (
        views.call_filters_prompt(t, lexicon, subscriber),
        subscription_keyboards.call_filters(t, lexicon, subscriber),
    )


def _summary(
    context: BotContext, t: Translator, subscriber: Subscriber, *, confirmed: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    lexicon = context.services.lexicon
    render = views.subscribed if confirmed else views.subscription
    return (
        render(t, lexicon, subscriber),
        subscription_keyboards.settings(t, may_change=True),
    )


async def subscribe_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    if not await may_manage_chat(update, context):
        await reply(update, views.admins_only(t))
        return
    subscriber = await context.remember_chat()
    assert subscriber is not None
    await reply(update, *_editor(context, t, subscriber))


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    if not await may_manage_chat(update, context):
        await reply(update, views.admins_only(t))
        return
    chat = update.effective_chat
    assert chat is not None
    found = await context.services.store.subscribers.set_subscribed(chat.id, False)
    if found:
        await reply(update, views.unsubscribed(t), subscription_keyboards.resume(t))
    else:
        await reply(update, views.not_subscribed(t), kit.with_menu([], t))


async def settings_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    chat = update.effective_chat
    assert chat is not None
    subscriber = await context.services.store.subscribers.get(chat.id)
    if subscriber is None:
        await reply(update, views.not_subscribed(t), kit.with_menu([], t))
        return
    # A group's members may read its settings; only its admins get the button to change them.
    may_change = await may_manage_chat(update, context)
    lexicon = context.services.lexicon
    await reply(
        update,
        await _with_quiet_hours(context, t, views.subscription(t, lexicon, subscriber), chat.id),
        subscription_keyboards.settings(t, may_change=may_change),
    )


async def _with_quiet_hours(context: BotContext, t: Translator, text: str, chat_id: int) -> str:
    """The settings summary ends with the chat's quiet hours (changed under 🌙)."""
    quiet = await context.services.store.quiet_hours.get(chat_id)
    return text if quiet is None else text + "\n" + esc(views.quiet_hours_line(t, quiet))


async def show_in_place(
    update: Update, context: BotContext, query: CallbackQuery, t: Translator, *, editing: bool
) -> None:
    """The menu's "Subscribe" (the editor) and "Settings" (the summary), in place."""
    chat = update.effective_chat
    assert chat is not None
    subscriber = await context.services.store.subscribers.get(chat.id)
    if subscriber is None:
        await expired(query, t)
        return
    await query.answer()
    if editing:
        await edit(context, query, *_editor(context, t, subscriber))
        return
    text, markup = _summary(context, t, subscriber)
    await edit(context, query, await _with_quiet_hours(context, t, text, chat.id), markup)


async def _apply(context: BotContext, chat_id: int, pressed: Callback) -> Subscriber | None:
    subscribers = context.services.store.subscribers
    action, args = pressed.action, pressed.args
    if action == "sub":
        if context.services.lexicon.topic(args[1]) is None:
            return None
        current = await subscribers.get(chat_id)
        if args[0] == "on" and current is not None and args[1] in current.topics:
            return current  # "follow" a topic already followed
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
    if action in ("subok", "res"):
        return await subscribers.set_subscribed(chat_id, True)
    if action in ("ck", "cp"):
        column: Literal["kind", "place"] = "kind" if action == "ck" else "place"
        if args[0] == "all":
            return await subscribers.clear_call_filter(chat_id, column)
        if action == "cp" and args[0] not in place_slugs(context.services.lexicon):
            return None
        return await subscribers.toggle_call_filter(chat_id, column, args[0])
    if action == "cg":
        return await subscribers.set_call_languages(chat_id, "all" if args[0] == "all" else "mine")
    return await subscribers.get(chat_id)


async def pressed_setting(update: Update, context: BotContext) -> None:
    press = await setting_press(update, context, views.admins_only_short)
    if press is None:
        return
    query, t, pressed, chat = press
    # A keyboard older than /forget must not quietly store the chat again.
    if await context.services.store.subscribers.get(chat.id) is None:
        await expired(query, t)
        return
    subscriber = await _apply(context, chat.id, pressed)
    if subscriber is None:
        await expired(query, t)
        return
    action = pressed.action
    await query.answer(None if action in ("setx", "subdone", "cfl") else views.saved(t))
    if action in _CALL_ACTIONS:
        if not superseded(update, context, _CALL_ACTIONS):
            await edit(context, query, *_call_filters(context, t, subscriber))
    elif action in ("subok", "res"):
        await edit(context, query, *_summary(context, t, subscriber, confirmed=True))
    elif action == "subdone":
        await edit(context, query, *_summary(context, t, subscriber))
    elif action == "sub" and pressed.args[0] == "on":
        # From a topic's "follow" button: the editor below it, to confirm or adjust.
        await reply(update, *_editor(context, t, subscriber))
    elif not superseded(update, context, _EDITOR_ACTIONS):
        await edit(context, query, *_editor(context, t, subscriber))


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("subscribe", subscribe_command))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe_command))
    app.add_handler(CommandHandler("settings", settings_command))
    for action in ("sub", "cl", "al", "fq", "subdone", "subok", "res", "setx", *_CALL_ACTIONS):
        app.add_handler(CallbackQueryHandler(pressed_setting, pattern=callbacks.pattern(action)))
    app.bot_data.add_command("subscribe", N_("Choose topics and notifications"), group_admin=True)
    app.bot_data.add_command("unsubscribe", N_("Pause notifications"), group_admin=True)
    app.bot_data.add_command("settings", N_("What you have chosen"))
