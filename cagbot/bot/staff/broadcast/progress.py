"""Progress messages of a broadcast going out, edited until they show the final report.

Whoever started a broadcast watches it in one message: staff who pressed "Send" (the
pressed message becomes the progress), and, for a broadcast that fires later or after an
approval, its author and its approver, each in a message of their own sent when it starts
(with a heading saying what happened). Staff get pause/resume/cancel on theirs; an editor,
who may not control broadcasts, gets the counts alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application

from cagbot.bot.context import Services
from cagbot.bot.notifications import ProgressHook
from cagbot.bot.staff.broadcast import keyboards as kb
from cagbot.i18n import Translator, resolve_language
from cagbot.notify.broadcasts import BroadcastReport
from cagbot.views import broadcast_status as bs

log = logging.getLogger(__name__)
App: TypeAlias = Application[Any, Any, Any, Any, Services, Any]
#: A progress message as shown: its text and its buttons.
Screen: TypeAlias = tuple[str, InlineKeyboardMarkup | None]
#: A heading above the counts, rendered in the reader's language.
Heading: TypeAlias = Callable[[Translator], str]


def screen(
    t: Translator,
    report: BroadcastReport,
    done: bool,
    *,
    heading: Heading | None = None,
    controls: bool = True,
) -> Screen:
    text = bs.progress(t, report, done)
    if heading is not None:
        text = f"{heading(t)}\n{text}"
    return text, (kb.controls(t, report) if controls and not done else None)


def editor(
    app: App,
    chat_id: int,
    message_id: int,
    language: str,
    shown: Screen | None = None,
    *,
    heading: Heading | None = None,
    controls: bool = True,
) -> ProgressHook:
    """The hook that edits a progress message (also after a restart). It remembers what
    the message shows: Telegram refuses (400 "message is not modified") an edit that
    would change nothing, and two reports can differ in counts the text does not show."""
    key = (chat_id, message_id)
    if shown is not None:
        state = _state(app, key)
        state.heading, state.screen = heading, shown

    async def show(report: BroadcastReport, done: bool) -> None:
        t = app.bot_data.i18n.get(language)
        await _show(app, key, heading, screen(t, report, done, heading=heading, controls=controls))
        if done:
            app.bot_data.progress_shown.pop(key, None)

    return show


@dataclass(slots=True)
class _Shown:
    """What a progress message shows now; its follower and the pause/resume buttons both
    edit it, one at a time, and neither repeats what it shows (Telegram refuses that)."""

    heading: Heading | None = None
    screen: Screen | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def _state(app: App, key: tuple[int, int]) -> _Shown:
    states: dict[tuple[int, int], _Shown] = app.bot_data.progress_shown
    return states.setdefault(key, _Shown())


async def _show(app: App, key: tuple[int, int], heading: Heading | None, now: Screen) -> None:
    state = _state(app, key)
    async with state.lock:
        if state.screen != now:
            text, markup = now
            try:
                await app.bot.edit_message_text(
                    text,
                    chat_id=key[0],
                    message_id=key[1],
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                )
            except BadRequest as exc:
                # After a restart the hook cannot know what the message shows.
                if "not modified" not in exc.message.lower():
                    raise
        state.heading, state.screen = heading, now


async def show_now(
    app: App, chat_id: int, message_id: int, t: Translator, report: BroadcastReport
) -> None:
    """Show a pause, resume or cancel at once on the message whose button was pressed."""
    key = (chat_id, message_id)
    heading = _state(app, key).heading
    await _show(app, key, heading, screen(t, report, False, heading=heading))


def all_of(hooks: Sequence[ProgressHook]) -> ProgressHook:
    """One hook that updates several progress messages; one failing spoils no other."""

    async def show(report: BroadcastReport, done: bool) -> None:
        for hook in hooks:
            try:
                await hook(report, done)
            except Exception:
                log.warning("broadcast progress update failed", exc_info=True)

    return show


async def translator_for(app: App, person: int) -> Translator:
    """A staff member's or editor's translator: their choice, else their Telegram
    language (remembered from any message they sent), else the bot's default."""
    services = app.bot_data
    chosen, telegram = await services.store.subscribers.language_of(person)
    language = resolve_language(chosen, telegram, services.settings.default_language)
    return services.i18n.get(language)


async def open_progress(
    app: App, person: int, report: BroadcastReport, *, heading: Heading, controls: bool
) -> tuple[ProgressHook, tuple[int, int, str]] | None:
    """Send ``person`` a progress message; the hook that keeps it up to date and where it
    is (chat, message, language). None if it could not be sent (blocked, never started)."""
    t = await translator_for(app, person)
    text, markup = screen(t, report, False, heading=heading, controls=controls)
    try:
        sent = await app.bot.send_message(
            person, text, parse_mode=ParseMode.HTML, reply_markup=markup
        )
    except TelegramError as error:
        log.warning("could not send broadcast progress to %d: %s", person, error)
        return None
    hook = editor(
        app,
        person,
        sent.message_id,
        t.language,
        shown=(text, markup),
        heading=heading,
        controls=controls,
    )
    return hook, (person, sent.message_id, t.language)
