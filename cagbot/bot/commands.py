"""Command menus: setMyCommands per language (sv/en/ru and a default), and a staff menu.

Feature modules list their commands with ``app.bot_data.add_command(...)`` in ``register``;
``post_init`` publishes the menus once the catalogs are loaded.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError

from cagbot.bot.context import BotApp, CommandSpec
from cagbot.i18n import Translator
from cagbot.settings import LANGUAGES

log = logging.getLogger(__name__)
_DESCRIPTION_LIMIT = 256


def menu(t: Translator, specs: list[CommandSpec], *, staff: bool) -> list[BotCommand]:
    return [
        BotCommand(spec.name, t.gettext(spec.description)[:_DESCRIPTION_LIMIT])
        for spec in specs
        if staff or not spec.staff
    ]


async def publish_menus(app: BotApp) -> None:
    services = app.bot_data
    specs, i18n = services.commands, services.i18n
    default = i18n.get(services.settings.default_language)
    await app.bot.set_my_commands(menu(default, specs, staff=False), scope=BotCommandScopeDefault())
    for language in LANGUAGES:
        await app.bot.set_my_commands(
            menu(i18n.get(language), specs, staff=False),
            scope=BotCommandScopeDefault(),
            language_code=language,
        )
    for admin_id in sorted(services.settings.admin_ids):
        scope = BotCommandScopeChat(admin_id)
        try:
            await app.bot.set_my_commands(menu(default, specs, staff=True), scope=scope)
            for language in LANGUAGES:
                await app.bot.set_my_commands(
                    menu(i18n.get(language), specs, staff=True),
                    scope=scope,
                    language_code=language,
                )
        except TelegramError as error:
            # Telegram refuses a chat scope until that person has opened the bot once.
            log.warning("staff menu not set for one admin: %s", error)
