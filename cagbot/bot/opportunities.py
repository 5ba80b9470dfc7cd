"""/opportunities: open internships, residencies, exchanges and volunteering, filterable."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot.bot import callbacks, keyboards, queries, render
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.replies import edit, reply
from cagbot.i18n import N_


async def opportunities_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    page = await queries.opportunities(context.services, "all", 0)
    text = render.opportunities_page(
        t,
        context.services.lexicon,
        page.posts,
        page.total,
        page.page,
        page.pages,
        today=context.services.today(),
    )
    await reply(update, text, keyboards.opportunity_filters(t, "all", page.page, page.pages))


async def filter_pressed(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    t = await context.translator()
    pressed = callbacks.decode(query.data)
    if pressed is None:
        await query.answer(render.button_expired(t))
        return
    await query.answer()
    kind = pressed.args[0]
    page = await queries.opportunities(context.services, kind, pressed.int_arg(1))
    text = render.opportunities_page(
        t,
        context.services.lexicon,
        page.posts,
        page.total,
        page.page,
        page.pages,
        today=context.services.today(),
    )
    await edit(query, text, keyboards.opportunity_filters(t, kind, page.page, page.pages))


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("opportunities", opportunities_command))
    app.add_handler(CallbackQueryHandler(filter_pressed, pattern=callbacks.pattern("opp")))
    app.bot_data.add_command("opportunities", N_("Internships, residencies and exchanges"))
