"""What the call handlers share: the service, each language version as readers get it,
editing the pressed message, and the staff-only refusal."""

from __future__ import annotations

from typing import Any

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationHandlerStop

from cagbot import views
from cagbot.bot.access import log_refusal
from cagbot.bot.context import BotContext
from cagbot.bot.notifications import runtime_of
from cagbot.content.calls import doc_texts, draft_post, to_draft
from cagbot.i18n import Translator
from cagbot.notify.calls import CallService, render
from cagbot.settings import LANGUAGES
from cagbot.store.outbox import Rendered
from cagbot.views import calls as cv


def service_of(context: BotContext) -> CallService:
    services = context.services
    runtime = runtime_of(context.application)

    def wake() -> None:
        if runtime.dispatcher is not None:
            runtime.dispatcher.wake()

    return CallService(
        services.store,
        services.i18n,
        services.lexicon,
        services.settings.default_language,
        on_post=services.search.upsert,
        on_queued=wake,
        bot_username=context.bot.username,
    )


def url_markup(rendered: Rendered) -> InlineKeyboardMarkup | None:
    if rendered.reply_markup is None:
        return None
    rows = [
        [InlineKeyboardButton(b["text"], url=b["url"]) for b in row]
        for row in rendered.reply_markup["inline_keyboard"]
    ]
    return InlineKeyboardMarkup(rows)


async def show_versions(
    chat: Chat, context: BotContext, t: Translator, doc: dict[str, Any]
) -> None:
    """Each language version of a call as its readers will get it, labelled."""
    services = context.services
    post = draft_post(to_draft(doc, services.lexicon))
    own = list(doc_texts(doc))
    for code in LANGUAGES:
        version = render(services.i18n.get(code), services.lexicon, post, doc)
        await chat.send_message(cv.version_label(t, [code], own), parse_mode=ParseMode.HTML)
        await chat.send_message(
            version.text, parse_mode=ParseMode.HTML, reply_markup=url_markup(version)
        )


async def refuse(update: Update, context: BotContext, what: str) -> None:
    log_refusal(update, what)
    t = await context.translator()
    if update.callback_query is not None:
        await update.callback_query.answer(views.staff_only_short(t))
    elif update.effective_message is not None:
        await update.effective_message.reply_text(views.staff_only(t), parse_mode=ParseMode.HTML)
    raise ApplicationHandlerStop
