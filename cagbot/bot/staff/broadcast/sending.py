"""A broadcast going out: started from the confirmed draft (``start_now``), followed on its
progress messages, edited until they show the final report, and paused, resumed or
cancelled from their buttons (``bq`` in :mod:`cagbot.callbacks`).

Whoever started a broadcast watches it in one message: staff who pressed "Send" (the
pressed message becomes the progress), and, for a broadcast that fires later or after an
approval, its author and its approver, each in a message of their own sent when it starts
(with a heading saying what happened). Staff get pause/resume/cancel on theirs; an editor,
who may not control broadcasts, gets the counts alone.

Every button re-checks the pressing user (:func:`cagbot.bot.staff.access.staff_press`): an
editor or a stranger pressing a forwarded button is refused and nothing changes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler

from cagbot import callbacks
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.kit import edit_or_send
from cagbot.bot.notifications import ProgressHook, runtime_of
from cagbot.bot.staff.access import App, staff_press
from cagbot.callbacks import encode
from cagbot.i18n import Translator
from cagbot.notify.broadcasts import BroadcastReport, BroadcastService
from cagbot.views import broadcast as bv

log = logging.getLogger(__name__)
GROUP = HandlerGroup.STAFF_AND_CHATS
#: A progress message as shown: its text and its buttons.
Screen: TypeAlias = tuple[str, InlineKeyboardMarkup | None]
#: A heading above the counts, rendered in the reader's language.
Heading: TypeAlias = Callable[[Translator], str]


def service(app: App) -> BroadcastService:
    """The broadcast service (``Services.broadcasts``); it runs with the notifications."""
    found = app.bot_data.broadcasts
    if found is None:
        raise RuntimeError("notifications are not running")
    return found


# -- starting and following ------------------------------------------------------------------


async def start_now(update: Update, context: BotContext, t: Translator, **start: object) -> None:
    """Queue a broadcast and turn the pressed message into its live status."""
    query = update.callback_query
    assert query is not None
    assert query.message is not None
    broadcast_id, recipients = await service(context.application).start(**start)  # type: ignore[arg-type]
    report = BroadcastReport(broadcast_id, recipients, 0, 0, 0, recipients)
    status = await edit_or_send(update, bv.progress(t, report, False), control_keyboard(t, report))
    if status is not None:
        follow(context.application, t, report, *status)


def follow(
    app: App,
    t: Translator,
    report: BroadcastReport,
    chat_id: int,
    message_id: int,
    also: Sequence[ProgressHook] = (),
) -> None:
    """Keep the status message up to date, with the pause/resume/cancel buttons; where it
    is is stored, so a restarted bot goes on editing it (cagbot.bot.notifications.adopt).
    ``report`` is what the message shows now, so the first edit is not a no-op. ``also``:
    other people's progress messages of the same broadcast (its author's)."""
    running = runtime_of(app)
    if running.dispatcher is not None:
        running.dispatcher.wake()
    broadcast_id, recipients = report.broadcast_id, report.recipients
    hook = editor(app, chat_id, message_id, t.language, shown=screen(t, report, False))
    if also:
        hook = all_of([hook, *also])
    running.follow(broadcast_id, recipients, hook, progress=(chat_id, message_id, t.language))


# -- the progress message ---------------------------------------------------------------------


def screen(
    t: Translator,
    report: BroadcastReport,
    done: bool,
    *,
    heading: Heading | None = None,
    controls: bool = True,
) -> Screen:
    text = bv.progress(t, report, done)
    if heading is not None:
        text = f"{heading(t)}\n{text}"
    return text, (control_keyboard(t, report) if controls and not done else None)


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
    language = await services.store.subscribers.language_for(
        person, services.settings.default_language
    )
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


# -- its buttons: pause, resume, cancel ----------------------------------------------------


def control_keyboard(t: Translator, report: BroadcastReport) -> InlineKeyboardMarkup | None:
    if report.state not in ("running", "paused"):
        return None
    toggle = (
        InlineKeyboardButton(
            bv.resume_label(t), callback_data=encode("bq", report.broadcast_id, "r")
        )
        if report.state == "paused"
        else InlineKeyboardButton(
            bv.pause_label(t), callback_data=encode("bq", report.broadcast_id, "p")
        )
    )
    return InlineKeyboardMarkup(
        [
            [
                toggle,
                InlineKeyboardButton(
                    bv.stop_label(t), callback_data=encode("bq", report.broadcast_id, "x")
                ),
            ]
        ]
    )


async def control_button(update: Update, context: BotContext) -> None:
    press = await staff_press(update, context, "broadcast control", "bq")
    if press is None:
        return
    query, user, t, pressed = press
    broadcast_id, action = pressed.int_arg(0), pressed.args[1]
    schedules = context.services.store.schedules
    if action == "p":
        changed = await schedules.pause(broadcast_id, user.id)
        dispatcher = runtime_of(context.application).dispatcher
        if changed is not None and dispatcher is not None:
            # What this process claimed but has not sent yet is held too, before staff
            # are told it is paused: nothing more goes out after the answer.
            await dispatcher.hold(await schedules.claimed_rows(broadcast_id))
    elif action == "r":
        changed = await schedules.resume(broadcast_id, user.id)
        dispatcher = runtime_of(context.application).dispatcher
        if dispatcher is not None:
            dispatcher.release(await schedules.claimed_rows(broadcast_id))
            dispatcher.wake()
    else:
        changed = await schedules.cancel(broadcast_id, user.id)
    if changed is None:
        await query.answer(bv.control_refused(t))
        raise ApplicationHandlerStop
    await query.answer()
    report = await service(context.application).progress(broadcast_id, 0)
    message = query.message
    if message is None:
        raise ApplicationHandlerStop
    await show_now(context.application, message.chat.id, message.message_id, t, report)
    raise ApplicationHandlerStop


def register(app: BotApp) -> None:
    # After a restart, the stored progress message of a running broadcast is edited on.
    runtime_of(app).resume_progress = lambda *where: editor(app, *where)
    app.add_handler(
        CallbackQueryHandler(control_button, pattern=callbacks.pattern("bq")), group=GROUP
    )
