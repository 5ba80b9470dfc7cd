"""/opportunities: open internships, residencies, exchanges and volunteering, filterable;
each entry opens its details (apply, remind me, read more, back to the list)."""

from __future__ import annotations

from telegram import Chat, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot import views
from cagbot.bot import callbacks, details, keyboards, queries
from cagbot.bot.chats import remember_chat
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.replies import button_press, edit, edit_markup, expired, reply
from cagbot.i18n import N_, Translator


async def _listing(
    context: BotContext, t: Translator, kind: str, page_number: int
) -> tuple[str, InlineKeyboardMarkup]:
    services = context.services
    page = await queries.opportunities(services, kind, page_number)
    first = page.page * queries.OPPORTUNITY_PAGE + 1
    text = views.opportunity_list(
        t,
        page.posts,
        page.total,
        page.page,
        page.pages,
        first_number=first,
        today=services.today(),
        open_total=page.open_total,
    )
    ids = [post.id for post in page.posts]
    return text, keyboards.opportunity_list(t, kind, page.page, page.pages, ids, first)


async def opportunities_command(update: Update, context: BotContext) -> None:
    await remember_chat(update, context)  # its keyboard leads to reminders
    t = await context.translator()
    await reply(update, *await _listing(context, t, "all", 0))


async def filter_pressed(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    await query.answer()
    await edit(context, query, *await _listing(context, t, pressed.args[0], pressed.int_arg(1)))


async def detail_pressed(update: Update, context: BotContext) -> None:
    """A list entry's number: its details, in place of the list (◀ leads back)."""
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    services = context.services
    post = await services.store.posts.get(pressed.int_arg(0))
    if post is None or post.opportunity is None:
        await query.answer(views.post_gone(t))
        return
    await query.answer()
    back = (pressed.args[1], pressed.int_arg(2))
    await edit(
        context, query, *await details.screen(services, update.effective_chat, t, post, back)
    )


async def remind_pressed(update: Update, context: BotContext) -> None:
    """🔔/🔕: ask for (or cancel) a reminder before an opportunity's deadline."""
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    chat = update.effective_chat
    services = context.services
    # The buttons are only offered in private chats: one in a group is forged or stale; one
    # pressed after /forget must not quietly store a new reminder.
    if (
        chat is None
        or chat.type != Chat.PRIVATE
        or await services.store.subscribers.get(chat.id) is None
    ):
        await expired(query, t)
        return
    wanted, post_id, label = pressed.args[0] == "on", pressed.int_arg(1), pressed.args[2]
    post = await services.store.posts.get(post_id)
    if post is None:
        await query.answer(views.post_gone(t))
        return
    if wanted and not queries.remindable(post, services.today()):
        await query.answer(views.reminder_too_late(t))
        return
    if wanted:
        await services.store.reminders.add(chat.id, post_id)
        await query.answer(views.reminder_set(t, queries.reminder_lead(post, services.today())))
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
    app.add_handler(CallbackQueryHandler(detail_pressed, pattern=callbacks.pattern("od")))
    app.add_handler(CallbackQueryHandler(remind_pressed, pattern=callbacks.pattern("rem")))
    app.bot_data.add_command(
        "opportunities", N_("Internships, residencies, exchanges and volunteering")
    )
