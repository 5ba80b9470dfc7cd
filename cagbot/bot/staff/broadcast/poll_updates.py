"""Telegram's ``poll`` updates: the latest totals of a poll the bot sent, kept for the
broadcast's report (cagbot.store.polls). Anonymous polls carry totals only; the bot never
asks for ``poll_answer`` (cagbot.botapi.ALLOWED_UPDATES), so it never learns who voted."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, PollHandler

from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup


async def poll_update(update: Update, context: BotContext) -> None:
    poll = update.poll
    if poll is None:
        return
    # A poll that is not one of our broadcasts' (a staff preview, say) is ignored.
    await context.services.store.polls.update(poll.id, [o.voter_count for o in poll.options])
    raise ApplicationHandlerStop


def register(app: BotApp) -> None:
    app.add_handler(PollHandler(poll_update), group=HandlerGroup.STAFF_AND_CHATS)
