"""The global error handler: log the failure, tell the person in their language, no traceback."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from cagbot.bot import render
from cagbot.bot.context import BotApp, BotContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        t = await context.translator()
    except Exception:
        log.exception("could not resolve a language for the apology")
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(
                render.truncate(render.something_went_wrong(t), render.CALLBACK_ANSWER_LIMIT)
            )
        elif update.effective_chat is not None and update.inline_query is None:
            await update.effective_chat.send_message(
                render.something_went_wrong(t), parse_mode="HTML"
            )
    except Forbidden:
        pass  # blocked by the user: nobody to apologise to
    except TelegramError:
        log.warning("could not send the apology", exc_info=True)


def register(app: BotApp) -> None:
    app.add_error_handler(on_error)
