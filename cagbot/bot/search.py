"""Search: free text in private chats and /search anywhere; a post's detail view.

Before plain text is searched it may be a greeting (answered with the menu) or the number
of a result just listed (that result opens).
"""

from __future__ import annotations

from typing import Final

from telegram import Chat, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from cagbot import callbacks, views
from cagbot.bot import detail, keyboards, kit, queries, saved_searches
from cagbot.bot.ask import asking
from cagbot.bot.ask.routing import enabled
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import button_press, reply
from cagbot.i18n import N_
from cagbot.intents import is_greeting, result_number

QUERY_LIMIT = 200  # characters; longer text is not a search
#: chat_data key: the post ids of the results last listed in the chat (in memory only).
_RESULTS: Final = "results"


async def answer_query(update: Update, context: BotContext, text: str) -> None:
    await context.remember_chat()  # result details lead to reminders
    t = await context.translator()
    services = context.services
    outcome = await queries.search(services, text[:QUERY_LIMIT], t.language)
    if outcome.found:
        body = views.search_results(
            t,
            services.lexicon,
            outcome.query,
            outcome.found,
            today=services.today(),
            searched=outcome.searched,
        )
        ids = [item.post.id for item in outcome.found]
        if context.chat_data is not None:
            context.chat_data[_RESULTS] = ids
        markup = saved_searches.offer(update, context, t, text, keyboards.post_numbers(t, ids))
        await reply(update, body, markup)
        return
    slugs = queries.suggested_topics(services, outcome)
    body = views.no_match(
        t, outcome.query, outcome.suggestion, views.topic_labels(t, services.lexicon, slugs)
    )
    markup = keyboards.topics(t, services.lexicon, slugs)
    chat = update.effective_chat
    if enabled(services.settings) and chat is not None and chat.type == Chat.PRIVATE:
        markup = asking.with_ask_button(markup, t)
    await reply(update, body, markup)


async def free_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    # A photo (a screenshot of a call) asks with its caption: «она ещё актуальна?»
    text = message.text or message.caption if message is not None else None
    if not text:
        return
    await handle_text(update, context, text)


async def handle_text(update: Update, context: BotContext, text: str) -> None:
    """What typed text means: a greeting, the number of a result just listed, or a
    search. Voice notes come here too, with their transcript (cagbot.bot.voice). While
    a question to CAG is awaited, the text is that question (cagbot.bot.ask)."""
    if await asking.take(update, context, text):
        return
    if is_greeting(text):
        t = await context.translator()
        await reply(update, views.greeting(t), keyboards.main_menu(t))
        return
    number = result_number(text)
    listed = context.chat_data.get(_RESULTS) if context.chat_data is not None else None
    if number is not None and listed and 1 <= number <= len(listed):
        await _open(update, context, listed[number - 1])
        return
    await answer_query(update, context, text)


async def _open(update: Update, context: BotContext, post_id: int) -> None:
    t = await context.translator()
    post = await context.services.store.posts.get(post_id)
    if post is None:
        await reply(update, views.link_gone(t), keyboards.main_menu(t))
        return
    await reply(update, *await detail.screen(context.services, update.effective_chat, t, post))


async def search_command(update: Update, context: BotContext) -> None:
    text = " ".join(context.args or [])
    if not text.strip():
        t = await context.translator()
        await reply(update, views.search_usage(t), kit.with_menu([], t))
        return
    await answer_query(update, context, text)


async def show_post(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    services = context.services
    post = await services.store.posts.get(pressed.int_arg(0))
    if post is None:
        await query.answer(views.post_gone(t))
        return
    await query.answer()
    # A new message: the list it was chosen from stays, for the next choice.
    await reply(update, *await detail.screen(services, update.effective_chat, t, post))


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("search", search_command))
    app.add_handler(CallbackQueryHandler(show_post, pattern=callbacks.pattern("post")))
    # Group chatter is not for the bot: only private chats search on plain text.
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, free_text)
    )
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.CAPTION, free_text))
    app.bot_data.add_command("search", N_("Search posts and opportunities"))
