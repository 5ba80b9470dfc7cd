"""The Telegram bot: composition root (:mod:`.app`), typed context, one module per feature."""

from cagbot.bot.app import MissingTokenError, build_application, run_polling
from cagbot.bot.context import BotApp, BotContext, Services

__all__ = [
    "BotApp",
    "BotContext",
    "MissingTokenError",
    "Services",
    "build_application",
    "run_polling",
]
