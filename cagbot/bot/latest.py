"""/latest: the newest posts a page at a time; ◀ ▶ edit the message in place.

Also the posts of one topic (buttons offered when a search finds nothing).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot import callbacks, views
from cagbot.bot import keyboards, queries
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import button_press, edit, expired, reply
from cagbot.i18n import N_, Translator


async def _latest(
    context: BotContext, t: Translator, number: int
) -> tuple[str, InlineKeyboardMarkup]:
    page = await queries.latest(context.services, number)
    first = page.page * queries.LATEST_PAGE + 1
    text = views.latest_page(
        t, context.services.lexicon, page.posts, page.page, page.pages, first_number=first
    )
    ids = [post.id for post in page.posts]
    return text, keyboards.latest(t, page.page, page.pages, ids, first)


async def latest_command(update: Update, context: BotContext) -> None:
    await context.remember_chat()  # post details lead to reminders
    await reply(update, *await _latest(context, await context.translator(), 0))


async def latest_page(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    await query.answer()
    await edit(context, query, *await _latest(context, t, pressed.int_arg(0)))


async def topic_page(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    entry = context.services.lexicon.topic(pressed.args[0])
    if entry is None:
        await expired(query, t)
        return
    await query.answer()
    page = await queries.on_topic(context.services, entry.slug, pressed.int_arg(1))
    label = entry.label(t.language)
    text = views.topic_page(t, context.services.lexicon, label, page.posts, page.page, page.pages)
    markup = keyboards.topic_posts(
        t, entry.slug, page.page, page.pages, [post.id for post in page.posts]
    )
    if query.message is not None and pressed.int_arg(1) == 0 and page.page == 0:
        # First tap from a suggestion list: keep the suggestions, answer below them.
        await reply(update, text, markup)
    else:
        await edit(context, query, text, markup)


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("latest", latest_command))
    app.add_handler(CallbackQueryHandler(latest_page, pattern=callbacks.pattern("lat")))
    app.add_handler(CallbackQueryHandler(topic_page, pattern=callbacks.pattern("top")))
    app.bot_data.add_command("latest", N_("The newest posts"))
