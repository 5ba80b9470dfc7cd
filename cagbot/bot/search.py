"""Search: free text in private chats and /search anywhere; a post's detail view."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from cagbot import views
from cagbot.bot import callbacks, keyboards, queries
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.replies import button_press, reply
from cagbot.i18n import N_

QUERY_LIMIT = 200  # characters; longer text is not a search


async def answer_query(update: Update, context: BotContext, text: str) -> None:
    t = await context.translator()
    services = context.services
    outcome = await queries.search(services, text[:QUERY_LIMIT], t.language)
    if outcome.found:
        body = views.search_results(
            t, services.lexicon, outcome.query, outcome.found, today=services.today()
        )
        await reply(update, body, keyboards.post_numbers([item.post.id for item in outcome.found]))
        return
    slugs = queries.suggested_topics(services, outcome)
    body = views.no_match(
        t, outcome.query, outcome.suggestion, views.topic_labels(t, services.lexicon, slugs)
    )
    await reply(update, body, keyboards.topics(t, services.lexicon, slugs))


async def free_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    await answer_query(update, context, message.text)


async def search_command(update: Update, context: BotContext) -> None:
    text = " ".join(context.args or [])
    if not text.strip():
        await reply(update, views.search_usage(await context.translator()))
        return
    await answer_query(update, context, text)


async def show_post(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    post = await context.services.store.posts.get(pressed.int_arg(0))
    if post is None:
        await query.answer(views.post_gone(t))
        return
    await query.answer()
    services = context.services
    reminding = await queries.reminder_state(services, update.effective_chat, post)
    await reply(
        update,
        views.post_detail(t, services.lexicon, post, today=services.today()),
        keyboards.post_detail(t, post.id, post.url, reminding),
    )


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("search", search_command))
    app.add_handler(CallbackQueryHandler(show_post, pattern=callbacks.pattern("post")))
    # Group chatter is not for the bot: only private chats search on plain text.
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, free_text)
    )
    app.bot_data.add_command("search", N_("Search posts and opportunities"))
