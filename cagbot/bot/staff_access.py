"""Who may do what among CAG's own people: staff (``CAGBOT_ADMIN_IDS``) approve and send;
partner editors (``CAGBOT_EDITOR_IDS``) may draft. Checked on the user who pressed or
wrote, at every step: a forwarded or replayed button carries no rights of its own."""

from __future__ import annotations

from typing import Literal

from telegram import Update

from cagbot.bot.context import BotContext

Role = Literal["staff", "editor"]


def role_of(update: Update, context: BotContext) -> Role | None:
    user = update.effective_user
    if user is None:
        return None
    settings = context.services.settings
    if user.id in settings.admin_ids:
        return "staff"
    if user.id in settings.editor_ids:
        return "editor"
    return None
