"""The global error handler: log the failure, tell the person in their language, no traceback.

A bug (any exception, or a request Telegram refused as malformed) is logged at ERROR with
its traceback. Trouble on the way to Telegram (timeouts, 5xx, dropped connections, a 429
that outlasted the rate limiter's retries) is logged at WARNING: the bot did nothing wrong
and keeps serving, but the person still hears that their answer got lost. A person who
blocked the bot is nobody to apologise to.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from cagbot import markup, views
from cagbot.bot.context import BotApp, BotContext

log = logging.getLogger(__name__)


def is_transient(error: BaseException | None) -> bool:
    """Network or Telegram-side trouble rather than a bug in the bot."""
    if isinstance(error, RetryAfter):
        return True
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    if isinstance(error, Forbidden):
        log.info("could not answer: %s", error.message)
        return
    if is_transient(error):
        log.warning("network trouble while handling an update: %r", error)
    else:
        log.error("error while handling an update", exc_info=error)
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
                markup.truncate(views.something_went_wrong(t), markup.CALLBACK_ANSWER_LIMIT)
            )
        elif update.effective_chat is not None and update.inline_query is None:
            await update.effective_chat.send_message(
                views.something_went_wrong(t), parse_mode="HTML"
            )
    except Forbidden:
        pass  # blocked by the user: nobody to apologise to
    except TelegramError as failure:
        log.warning("could not send the apology: %r", failure)


def register(app: BotApp) -> None:
    app.add_error_handler(on_error)
