"""Channels and forum topics: at start the bot checks each configured destination and tells
staff what is missing; a job queues new posts there (cagbot.notify.channels); /here lets a
group admin choose the forum topic the group's posts go to."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Chat, Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationHandlerStop, CommandHandler

from cagbot import views
from cagbot.bot.access import may_manage_chat
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.notifications import runtime_of
from cagbot.bot.staff.broadcast.control import App, tell
from cagbot.i18n import Translator
from cagbot.notify.channels import ChannelPoster, check_destination
from cagbot.store.outbox import Outgoing
from cagbot.views import channels as chv

log = logging.getLogger(__name__)
#: Seconds between looks for new posts to put in the channels.
POST_EVERY = 30.0


def poster_of(app: App) -> ChannelPoster:
    services = app.bot_data
    runtime = runtime_of(app)

    def wake() -> None:
        if runtime.dispatcher is not None:
            runtime.dispatcher.wake()

    return ChannelPoster(
        services.store,
        services.i18n,
        services.lexicon,
        services.settings.default_language,
        app.bot.username,
        on_queued=wake,
    )


async def check_channels(app: App) -> int:
    """Check every configured destination, store the outcome, tell staff what is missing;
    how many cannot be posted to."""
    destinations = app.bot_data.settings.destinations
    checks = [await check_destination(app.bot, destination) for destination in destinations]
    await poster_of(app).record(checks)
    problems = [check for check in checks if check.missing is not None]
    for check in problems:
        log.warning("cannot post to %s: %s", check.destination.ref, check.missing)
        for admin_id in sorted(app.bot_data.settings.admin_ids):
            await tell(app, admin_id, _cannot_post(check.destination.ref, check.missing or ""))
    return len(problems)


def _cannot_post(ref: str, missing: str) -> Callable[[Translator], Outgoing]:
    def render(t: Translator) -> Outgoing:
        return chv.cannot_post(t, ref, missing)

    return render


async def _startup(app: BotApp) -> None:
    if not app.bot_data.settings.channels:
        return
    await check_channels(app)
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            _post_job, interval=POST_EVERY, first=POST_EVERY, name="channels"
        )


async def _post_job(context: BotContext) -> None:
    await poster_of(context.application).run()


async def here_command(update: Update, context: BotContext) -> None:
    """/here in a forum topic: the group's posts go to this topic from now on."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    t = await context.translator()
    if chat.type == Chat.PRIVATE:
        await message.reply_text(chv.here_in_private(t), parse_mode=ParseMode.HTML)
        raise ApplicationHandlerStop
    if not await may_manage_chat(update, context):
        await message.reply_text(views.admins_only(t), parse_mode=ParseMode.HTML)
        raise ApplicationHandlerStop
    store = context.services.store
    if not chat.is_forum:
        await store.channels.set_thread(chat.id, None, user.id)
        await message.reply_text(chv.here_cleared(t), parse_mode=ParseMode.HTML)
    elif message.is_topic_message and message.message_thread_id:
        await store.channels.set_thread(chat.id, message.message_thread_id, user.id)
        await message.reply_text(chv.here_set(t), parse_mode=ParseMode.HTML)
    else:
        await store.channels.set_thread(chat.id, None, user.id)
        await message.reply_text(chv.here_general(t), parse_mode=ParseMode.HTML)
    raise ApplicationHandlerStop


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("here", here_command), group=HandlerGroup.STAFF_AND_CHATS)
    # Not in the command menus (those are the readers'); the group help and README name it.
    app.bot_data.on_startup(_startup)
