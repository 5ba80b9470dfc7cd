"""The bot's profile per language: command menus (setMyCommands), description and short
description (setMyDescription, setMyShortDescription).

Published for sv, en, ru, every Telegram language code the bot reads as Russian (ky, kk,
uz, ...), and the default (no language_code) for everyone else. Feature modules list their
commands with ``app.bot_data.add_command(...)`` in ``register``; ``post_init`` publishes
everything once the catalogs are loaded.
"""

from __future__ import annotations

import logging
from typing import Final

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from telegram.error import TelegramError

from cagbot import views
from cagbot.bot.context import BotApp, CommandSpec
from cagbot.i18n import RUSSIAN_READING, I18n, Translator, map_telegram_language
from cagbot.settings import LANGUAGES

log = logging.getLogger(__name__)
_DESCRIPTION_LIMIT = 256

# Every language_code Telegram may report that we answer in a language of our own; all
# other codes see the default (the bot's default language). Telegram accepts only
# two-letter ISO 639-1 codes here.
PROFILE_LANGUAGES: Final = tuple(
    sorted(code for code in set(LANGUAGES) | RUSSIAN_READING if len(code) == 2)
)


def menu(t: Translator, specs: list[CommandSpec], *, staff: bool) -> list[BotCommand]:
    return [
        BotCommand(spec.name, t.gettext(spec.description)[:_DESCRIPTION_LIMIT])
        for spec in specs
        if staff or not spec.staff
    ]


def group_menu(t: Translator, specs: list[CommandSpec], *, admin: bool) -> list[BotCommand]:
    """A group's menu: no private-only commands; the group's settings for its admins only
    (Telegram shows admins the ``all_chat_administrators`` scope, members the group one)."""
    return [
        BotCommand(spec.name, t.gettext(spec.description)[:_DESCRIPTION_LIMIT])
        for spec in specs
        if not spec.staff and not spec.private and (admin or not spec.group_admin)
    ]


def translator_for(i18n: I18n, code: str) -> Translator:
    """The catalog a person whose Telegram speaks ``code`` reads."""
    return i18n.get(map_telegram_language(code))


async def publish_menus(app: BotApp) -> None:
    services = app.bot_data
    specs, i18n = services.commands, services.i18n
    default = i18n.get(services.settings.default_language)
    bot = app.bot
    await bot.set_my_commands(menu(default, specs, staff=False), scope=BotCommandScopeDefault())
    await bot.set_my_description(views.description(default))
    await bot.set_my_short_description(views.short_description(default))
    for code in PROFILE_LANGUAGES:
        t = translator_for(i18n, code)
        await bot.set_my_commands(
            menu(t, specs, staff=False), scope=BotCommandScopeDefault(), language_code=code
        )
        await bot.set_my_description(views.description(t), language_code=code)
        await bot.set_my_short_description(views.short_description(t), language_code=code)
    group_scopes: list[tuple[BotCommandScope, bool]] = [
        (BotCommandScopeAllGroupChats(), False),
        (BotCommandScopeAllChatAdministrators(), True),
    ]
    for scope, admin in group_scopes:
        await bot.set_my_commands(group_menu(default, specs, admin=admin), scope=scope)
        for code in PROFILE_LANGUAGES:
            await bot.set_my_commands(
                group_menu(translator_for(i18n, code), specs, admin=admin),
                scope=scope,
                language_code=code,
            )
    for admin_id in sorted(services.settings.admin_ids):
        scope = BotCommandScopeChat(admin_id)
        try:
            await bot.set_my_commands(menu(default, specs, staff=True), scope=scope)
            for code in PROFILE_LANGUAGES:
                await bot.set_my_commands(
                    menu(translator_for(i18n, code), specs, staff=True),
                    scope=scope,
                    language_code=code,
                )
        except TelegramError as error:
            # Telegram refuses a chat scope until that person has opened the bot once.
            log.warning("staff menu not set for one admin: %s", error)
