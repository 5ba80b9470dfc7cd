"""Saved searches (issue 25): "🔔 Tell me about new results" under search results, and
/alerts to list, rename, pause, resume and delete them (or ``/alerts WORDS`` to save some).

Private chats only: a saved search is a person's, and its alerts come to them alone. The
query is kept exactly as typed (typos, Latin letters, any language): the search engine
reads it each time, as it reads a typed search (:mod:`cagbot.notify.saved_searches`).
Every button names a search by id and is checked against the chat pressing it, so a
forged one acts on nothing of anybody else's. Renaming takes the person's next text
message (kept in memory: after a restart the next text is a search again).
"""

from __future__ import annotations

from typing import Final

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from cagbot import callbacks
from cagbot.bot import saved_search_keyboards as keyboards
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.kit import button_press, edit, reply
from cagbot.callbacks import Callback
from cagbot.i18n import N_, Translator
from cagbot.store.saved_searches import MAX_QUERY, SavedSearch
from cagbot.views import saved_searches as texts

#: chat_data: queries whose results were listed, by the number their button carries.
_QUERIES: Final = "saved_search_queries"
#: chat_data: the saved search whose new words the next text message is.
_RENAMING: Final = "saved_search_renaming"
#: Result lists whose "🔔" button still works (older ones ask to search again).
_REMEMBERED = 20


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == Chat.PRIVATE


def offer(
    update: Update, context: BotContext, t: Translator, query: str, markup: InlineKeyboardMarkup
) -> InlineKeyboardMarkup:
    """Search results' keyboard with "🔔 Tell me about new results" for ``query`` (private
    chats; the query is remembered in memory under the number the button carries)."""
    if not _private(update) or context.chat_data is None:
        return markup
    remembered: dict[int, str] = context.chat_data.setdefault(_QUERIES, {})
    token = (max(remembered) + 1) % 1_000_000 if remembered else 1
    remembered[token] = query
    for old in sorted(remembered)[:-_REMEMBERED]:
        del remembered[old]
    return keyboards.offer(t, markup, token)


async def _save(update: Update, context: BotContext, t: Translator, query: str) -> str:
    await context.remember_chat()
    chat = update.effective_chat
    assert chat is not None
    outcome, search = await context.services.store.saved_searches.add(chat.id, query)
    if outcome == "full":
        return texts.full(t)
    assert search is not None
    if outcome == "exists":
        return texts.already_saved(t, search.query)
    return texts.saved(t, search.query)


async def alerts_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    if not _private(update):
        await reply(update, texts.private_only(t))
        return
    words = " ".join(context.args or []).strip()
    if len(words) > MAX_QUERY:
        await reply(update, texts.empty_query(t))
        return
    if words:
        await reply(update, await _save(update, context, t, words), keyboards.back(t))
        return
    await _show_list(update, context, t, edit_from=None)


async def _show_list(
    update: Update, context: BotContext, t: Translator, *, edit_from: object | None
) -> None:
    chat = update.effective_chat
    assert chat is not None
    searches = await context.services.store.saved_searches.of_chat(chat.id)
    text, markup = texts.listing(t, searches), keyboards.listing(t, searches)
    query = update.callback_query
    if edit_from is not None and query is not None:
        await edit(context, query, text, markup)
    else:
        await reply(update, text, markup)


async def pressed_save(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, pressed = press
    remembered = context.chat_data.get(_QUERIES, {}) if context.chat_data is not None else {}
    words = remembered.get(pressed.int_arg(0))
    if words is None or not _private(update):
        await query.answer(texts.search_again(t), show_alert=True)
        return
    await query.answer()
    await reply(update, await _save(update, context, t, words), keyboards.back(t))


async def _mine(update: Update, context: BotContext, search_id: int) -> SavedSearch | None:
    chat = update.effective_chat
    if chat is None or not _private(update):
        return None
    return await context.services.store.saved_searches.get(chat.id, search_id)


async def _pressed_search(
    update: Update, context: BotContext, position: int
) -> tuple[CallbackQuery, Translator, Callback, SavedSearch] | None:
    """A button about one of the person's saved searches (its id at ``position`` of the
    payload): the query, translator, button and search. A search that is gone (deleted,
    /forget, another person's) is answered so, and None."""
    press = await button_press(update, context)
    if press is None:
        return None
    query, t, pressed = press
    search = await _mine(update, context, pressed.int_arg(position))
    if search is None:
        await query.answer(texts.gone(t))
        return None
    return query, t, pressed, search


async def pressed_list(update: Update, context: BotContext) -> None:
    press = await button_press(update, context)
    if press is None:
        return
    query, t, _ = press
    if not _private(update):
        await query.answer(texts.gone(t))
        return
    await query.answer()
    await _show_list(update, context, t, edit_from=query)


async def pressed_open(update: Update, context: BotContext) -> None:
    found = await _pressed_search(update, context, 0)
    if found is None:
        return
    query, t, _, search = found
    await query.answer()
    await edit(context, query, texts.one(t, search), keyboards.one(t, search))


async def pressed_pause(update: Update, context: BotContext) -> None:
    found = await _pressed_search(update, context, 1)
    if found is None:
        return
    query, t, pressed, search = found
    changed = await context.services.store.saved_searches.set_paused(
        search.chat_id, search.id, pressed.args[0] == "p"
    )
    if changed is None:
        await query.answer(texts.gone(t))
        return
    await query.answer()
    await edit(context, query, texts.one(t, changed), keyboards.one(t, changed))


async def pressed_rename(update: Update, context: BotContext) -> None:
    found = await _pressed_search(update, context, 0)
    if found is None:
        return
    query, t, _, search = found
    if context.chat_data is None:
        await query.answer(texts.gone(t))
        return
    context.chat_data[_RENAMING] = search.id
    await query.answer()
    await reply(update, texts.rename_prompt(t, search))


async def pressed_delete(update: Update, context: BotContext) -> None:
    found = await _pressed_search(update, context, 0)
    if found is None:
        return
    query, t, _, search = found
    await context.services.store.saved_searches.delete(search.chat_id, search.id)
    await query.answer()
    await edit(context, query, texts.deleted(t, search.query), keyboards.back(t))


async def new_words(update: Update, context: BotContext) -> None:
    """The text after "✏️ Rename": the search's new words. Anything else goes on."""
    if context.chat_data is None or _RENAMING not in context.chat_data:
        return
    message = update.effective_message
    if message is None or message.text is None:
        return
    search_id = context.chat_data.pop(_RENAMING)
    if message.text.startswith("/"):
        return  # a command ends the renaming and is handled as usual
    t = await context.translator()
    words = message.text.strip()
    chat = update.effective_chat
    assert chat is not None
    if not words or len(words) > MAX_QUERY:
        context.chat_data[_RENAMING] = search_id
        await reply(update, texts.empty_query(t))
        raise ApplicationHandlerStop
    outcome = await context.services.store.saved_searches.rename(chat.id, search_id, words)
    if outcome == "missing":
        body = texts.gone(t)
    elif outcome == "exists":
        body = texts.already_saved(t, words)
    else:
        body = texts.renamed(t, words)
    await reply(update, body, keyboards.back(t))
    raise ApplicationHandlerStop


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("alerts", alerts_command))
    for action, handler in (
        ("ssv", pressed_save),
        ("ssl", pressed_list),
        ("sso", pressed_open),
        ("ssp", pressed_pause),
        ("ssr", pressed_rename),
        ("ssd", pressed_delete),
    ):
        app.add_handler(CallbackQueryHandler(handler, pattern=callbacks.pattern(action)))
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT, new_words),
        group=HandlerGroup.SAVED_SEARCH_RENAME,
    )
    app.bot_data.add_command("alerts", N_("Your saved searches"), private=True)
