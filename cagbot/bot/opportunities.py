"""/opportunities: open internships, residencies, exchanges and volunteering, filterable;
in private chats, a deadline reminder per opportunity (also on its detail view)."""

from __future__ import annotations

from telegram import Chat, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot import views
from cagbot.bot import callbacks, keyboards, queries
from cagbot.bot.chats import remember_chat
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.replies import button_press, edit, edit_markup, expired, reply
from cagbot.i18n import N_, Translator
from cagbot.store.reminders import REMINDER_DAYS


async def _listing(
    update: Update, context: BotContext, t: Translator, kind: str, page_number: int
) -> tuple[str, InlineKeyboardMarkup]:
    services = context.services
    page = await queries.opportunities(services, kind, page_number)
    reminders = await queries.reminder_states(services, update.effective_chat, page.posts)
    text = views.opportunities_page(
        t,
        services.lexicon,
        page.posts,
        page.total,
        page.page,
        page.pages,
        today=services.today(),
        numbered=bool(reminders),
    )
    return text, keyboards.opportunity_filters(t, kind, page.page, page.pages, reminders)


async def opportunities_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    text, markup = await _listing(update, context, t, "all", 0)
    await reply(update, text, markup)


async def filter_pressed(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    await query.answer()
    kind = pressed.args[0]
    text, markup = await _listing(update, context, t, kind, pressed.int_arg(1))
    await edit(query, text, markup)


async def remind_pressed(update: Update, context: BotContext) -> None:
    """🔔/🔕: ask for (or cancel) a reminder before an opportunity's deadline."""
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    chat = update.effective_chat
    # The buttons are only offered in private chats: one in a group is forged or stale.
    if chat is None or chat.type != Chat.PRIVATE:
        await expired(query, t)
        return
    wanted, post_id, label = pressed.args[0] == "on", pressed.int_arg(1), pressed.args[2]
    services = context.services
    post = await services.store.posts.get(post_id)
    if post is None:
        await query.answer(views.post_gone(t))
        return
    if wanted and not queries.remindable(post, services.today()):
        await query.answer(views.reminder_too_late(t))
        return
    if wanted:
        await remember_chat(update, context)  # a reminder belongs to a known chat
        await services.store.reminders.add(chat.id, post_id)
        await query.answer(views.reminder_on(t, REMINDER_DAYS))
    else:
        await services.store.reminders.remove(chat.id, post_id)
        await query.answer(views.reminder_off(t))
    message = query.message
    if isinstance(message, Message) and message.reply_markup is not None:
        await edit_markup(
            query, keyboards.with_reminder(t, message.reply_markup, post_id, label, wanted)
        )


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("opportunities", opportunities_command))
    app.add_handler(CallbackQueryHandler(filter_pressed, pattern=callbacks.pattern("opp")))
    app.add_handler(CallbackQueryHandler(remind_pressed, pattern=callbacks.pattern("rem")))
    app.bot_data.add_command(
        "opportunities", N_("Internships, residencies, exchanges and volunteering")
    )
