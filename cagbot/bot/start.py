"""/start (with deep-link payloads) and /help."""

from __future__ import annotations

import re
from typing import Final

from telegram import Update
from telegram.ext import CommandHandler

from cagbot import views
from cagbot.bot import keyboards, queries
from cagbot.bot.access import is_staff
from cagbot.bot.chats import remember_chat
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.replies import reply
from cagbot.i18n import N_

# Telegram's own rule for /start payloads (deep links).
PAYLOAD: Final = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TOPIC = re.compile(r"^topic_([a-z0-9_]{1,24})$")
_OPPORTUNITY = re.compile(r"^opp_(\d{1,12})$")


async def start(update: Update, context: BotContext) -> None:
    await remember_chat(update, context)
    t = await context.translator()
    await reply(update, views.welcome(t))
    payload = context.args[0] if context.args and len(context.args) == 1 else None
    if payload is None or not PAYLOAD.match(payload):
        return
    services = context.services
    if match := _TOPIC.match(payload):
        entry = services.lexicon.topic(match.group(1))
        if entry is not None:
            label = entry.label(t.language)
            await reply(
                update,
                views.topic_intro(t, label),
                keyboards.follow_topic(t, entry.slug, label),
            )
    elif match := _OPPORTUNITY.match(payload):
        post = await services.store.posts.get(int(match.group(1)))
        if post is not None and post.kind == "opportunity":
            reminding = await queries.reminder_state(services, update.effective_chat, post)
            await reply(
                update,
                views.post_detail(t, services.lexicon, post, today=services.today()),
                keyboards.post_detail(t, post.id, post.url, reminding),
            )


async def help_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    staff = is_staff(update, context)
    commands = [
        (spec.name, spec.description)
        for spec in context.services.commands
        if staff or not spec.staff
    ]
    await reply(update, views.help_text(t, commands, context.bot.username))


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
    app.bot_data.add_command("start", N_("Welcome and what I can do"))
    app.bot_data.add_command("help", N_("All commands"))
