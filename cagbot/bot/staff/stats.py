"""Staff commands (ids in settings.admin_ids): /stats. Others get a polite refusal."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from cagbot import views
from cagbot.bot.access import is_staff, log_refusal
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import reply
from cagbot.bot.staff import access as staff_access
from cagbot.i18n import N_


async def stats_command(update: Update, context: BotContext) -> None:
    t = await context.translator()
    if not is_staff(update, context):
        log_refusal(update, "stats")
        await reply(update, views.staff_only(t))
        return
    services = context.services
    numbers = await services.store.subscribers.stats(services.settings.default_language)
    posts = await services.store.posts.count(kind="post")
    opportunities = await services.store.posts.count(kind="opportunity")
    extra = [line for provider in services.stats_providers for line in await provider(t)]
    await reply(update, views.stats(t, services.lexicon, numbers, posts, opportunities, extra))


def register(app: BotApp) -> None:
    staff_access.register(app)  # staff's and editors' Telegram language, from any message
    app.add_handler(CommandHandler("stats", stats_command))
    app.bot_data.add_command("stats", N_("Subscribers and deliveries"), staff=True)
