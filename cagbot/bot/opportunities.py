"""Placeholder while the feature is written."""

from __future__ import annotations

from cagbot.bot.context import BotApp


def register(app: BotApp) -> None:
    """Nothing yet."""
