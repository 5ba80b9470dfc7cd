"""Quiet hours under /settings: how night notifications come (silent, held until morning,
off) and when the night begins and ends. A group's admins choose for the group."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from cagbot import callbacks, views
from cagbot.bot.access import setting_press
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.kit import CHECKED, Rows, callback_button, edit, expired, with_menu
from cagbot.callbacks import Callback
from cagbot.i18n import Translator
from cagbot.quiet_hours import END_CHOICES, MODES, START_CHOICES, QuietHours
from cagbot.store import Store


def _mark(chosen: bool, label: str) -> str:
    return f"{CHECKED} {label}" if chosen else label


def keyboard(t: Translator, quiet: QuietHours) -> InlineKeyboardMarkup:
    modes = {
        # Translators: a button (quiet hours): night notifications come without sound; short.
        "silent": t.pgettext("button", "🔕 Silent at night"),
        # Translators: a button (quiet hours): night notifications wait until the morning.
        "hold": t.pgettext("button", "⏰ Hold until morning"),
        # Translators: a button (quiet hours): switch quiet hours off; short.
        "off": t.pgettext("button", "🔔 Off"),
    }
    rows: Rows = [
        [callback_button(_mark(quiet.mode == mode, modes[mode]), "qm", mode)] for mode in MODES
    ]
    rows.append(
        [
            callback_button(_mark(quiet.start == h, f"🌙 {views.hour(h)}"), "qw", "s", h)
            for h in START_CHOICES
        ]
    )
    rows.append(
        [
            callback_button(_mark(quiet.end == h, f"☀️ {views.hour(h)}"), "qw", "e", h)
            for h in END_CHOICES
        ]
    )
    return with_menu(rows, t)


async def _apply(store: Store, chat_id: int, pressed: Callback) -> QuietHours | None:
    quiet = store.quiet_hours
    if pressed.action == "qm":
        for mode in MODES:
            if pressed.args[0] == mode:
                return await quiet.set_mode(chat_id, mode)
        return None
    if pressed.action == "qw":
        hour = pressed.int_arg(1)
        if pressed.args[0] == "s" and hour in START_CHOICES:
            return await quiet.set_start(chat_id, hour)
        if pressed.args[0] == "e" and hour in END_CHOICES:
            return await quiet.set_end(chat_id, hour)
        return None
    return await quiet.get(chat_id)  # "qh": just show


async def quiet_hours_button(update: Update, context: BotContext) -> None:
    """🌙 under /settings (open the screen), and every choice on it (change, show again)."""
    press = await setting_press(update, context, views.admins_only_settings)
    if press is None:
        return
    query, t, pressed, chat = press
    # After /forget there is no row: an old keyboard must not store the chat again.
    quiet = await _apply(context.services.store, chat.id, pressed)
    if quiet is None:
        await expired(query, t)
        return
    await query.answer(views.saved(t) if pressed.action != "qh" else None)
    now = datetime.now(UTC)
    await edit(context, query, views.quiet_hours_screen(t, quiet, now), keyboard(t, quiet))


def register(app: BotApp) -> None:
    for action in ("qh", "qm", "qw"):
        app.add_handler(CallbackQueryHandler(quiet_hours_button, pattern=callbacks.pattern(action)))
