"""What the call handlers share: the service, and each language version as readers get it."""

from __future__ import annotations

from typing import Any

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode

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
