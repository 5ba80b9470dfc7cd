"""/start (with deep-link payloads), /help and the main menu they show."""

from __future__ import annotations

import re
from typing import Final

from telegram import Chat, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from cagbot import views
from cagbot.bot import detail, keyboards, queries, sharing, subscribe
from cagbot.bot.access import is_staff, may_manage_chat
from cagbot.bot.ask.routing import enabled
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import reply
from cagbot.i18n import N_, Translator
from cagbot.markup import esc

# Telegram's own rule for /start payloads (deep links).
PAYLOAD: Final = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TOPIC = re.compile(r"^topic_([a-z0-9_]{1,24})$")
_POST = re.compile(r"^(?:opp|post)_(\d{1,12})$")
#: Not listed by /help: the reader just used one, and the menu below replaces the other.
_SELF_EVIDENT = frozenset({"start", "help"})
_REMIND = re.compile(r"^remind_(\d{1,12})$")
_CALENDAR = re.compile(r"^ics_(\d{1,12})$")


def in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type != Chat.PRIVATE


def menu(update: Update, context: BotContext, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    """The main menu for this chat (a group's says what works there and has no admin
    controls, which every member would see)."""
    if in_group(update):
        text = views.group_welcome(t, context.bot.username)
        return text, keyboards.main_menu(t, group=True)
    return views.welcome(t), keyboards.main_menu(t, ask=enabled(context.services.settings))


async def start(update: Update, context: BotContext) -> None:
    await context.remember_chat()
    t = await context.translator()
    payload = context.args[0] if context.args and len(context.args) == 1 else None
    if (
        payload is not None
        and PAYLOAD.match(payload)
        and await _deep_link(update, context, t, payload)
    ):
        return
    await reply(update, *menu(update, context, t))


async def _deep_link(update: Update, context: BotContext, t: Translator, payload: str) -> bool:
    """Answer a deep link; False when the payload is not one of ours (the menu follows)."""
    services = context.services
    if match := _TOPIC.match(payload):
        entry = services.lexicon.topic(match.group(1))
        if entry is None:
            await reply(update, views.link_gone(t), keyboards.main_menu(t, group=in_group(update)))
            return True
        page = await queries.on_topic(services, entry.slug, 0)
        label = entry.label(t.language)
        text = views.topic_page(t, services.lexicon, label, page.posts, page.page, page.pages)
        markup = keyboards.topic_posts(
            t, entry.slug, page.page, page.pages, [post.id for post in page.posts], follow=label
        )
        await reply(update, text, markup)
        return True
    if payload == "settings":  # a notification's "manage subscription"
        await subscribe.settings_command(update, context)
        return True
    if match := _REMIND.match(payload):
        # A notification's "remind me" (a URL button: it works from groups too, and the
        # reminder is the person's own, in their private chat).
        post = await services.store.posts.get(int(match.group(1)))
        chat = update.effective_chat
        if post is None or chat is None or chat.type != Chat.PRIVATE:
            await reply(update, views.link_gone(t), keyboards.main_menu(t, group=in_group(update)))
            return True
        if detail.remindable(post, services.today()):
            await services.store.reminders.add(chat.id, post.id)
            lead = detail.reminder_lead(post, services.today())
            await reply(update, esc(views.reminder_set(t, lead)))
        else:
            await reply(update, esc(views.reminder_too_late(t)))
        await reply(update, *await detail.screen(services, chat, t, post))
        return True
    if match := _CALENDAR.match(payload):  # a notification's "📅 Add to calendar"
        await sharing.calendar_link(update, context, int(match.group(1)))
        return True
    if match := _POST.match(payload):
        post = await services.store.posts.get(int(match.group(1)))
        if post is None:
            await reply(update, views.link_gone(t), keyboards.main_menu(t, group=in_group(update)))
            return True
        await reply(update, *await detail.screen(services, update.effective_chat, t, post))
        return True
    return False


async def help_command(update: Update, context: BotContext) -> None:
    await context.remember_chat()  # its menu leads to reminders and settings
    t = await context.translator()
    staff = is_staff(update, context)
    group = in_group(update)
    # In a group, its settings commands only for its admins; private-only ones for nobody.
    admin = not group or await may_manage_chat(update, context)
    specs = [
        spec
        for spec in context.services.commands
        if not (group and spec.private)
        and (admin or not spec.group_admin)
        and spec.name not in _SELF_EVIDENT
    ]
    commands = [(spec.name, spec.description) for spec in specs if not spec.staff]
    staff_commands = [spec.name for spec in specs if spec.staff] if staff else []
    await reply(
        update,
        views.help_text(t, commands, context.bot.username, group=group, staff=staff_commands),
        keyboards.main_menu(t, group=group),
    )


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
    app.bot_data.add_command("start", N_("Welcome and what I can do"))
    app.bot_data.add_command("help", N_("All commands"))
