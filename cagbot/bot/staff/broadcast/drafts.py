"""Broadcast drafts: who is composing what, and how a draft ends.

A draft lives in memory (nothing is sent before the confirmation). It ends with /cancel,
which always answers; with any other command (said out loud, and the command still runs);
or by itself after :data:`DRAFT_TTL` seconds of silence. /cancel and other commands end an
unfinished call form (cagbot.bot.staff.calls.form) the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.staff.access import Role, reply_html
from cagbot.notify.broadcasts import EVERYONE
from cagbot.store.audience import Audience
from cagbot.views import broadcast as bv
from cagbot.views import calls as cv

ENDING_GROUP = HandlerGroup.ENDS_A_FORM
#: Seconds a draft waits for its next step before it is discarded.
DRAFT_TTL = 30 * 60
WHEN = "when"  # Draft.awaiting while the local time is asked for


@dataclass(slots=True)
class Draft:
    token: str
    role: Role
    touched: float
    per_language: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    photo: str | None = None
    awaiting: str | None = EVERYONE  # which text the next message is; None: not waiting
    audience: Audience | None = None
    zone: str | None = None
    #: An anonymous poll (cagbot.notify.polls): each text is "question\noption\n...".
    poll: bool = False
    urgent: bool = False  # rings during quiet hours
    protect: bool = False  # sent with protect_content


#: The clock drafts expire by; tests replace it.
clock: Callable[[], float] = time.monotonic


def drafts_of(context: BotContext) -> dict[int, Draft]:
    return context.services.broadcast_drafts


def take(context: BotContext, user_id: int) -> tuple[Draft | None, bool]:
    """The user's live draft, and whether one had just expired (it is then removed)."""
    drafts = drafts_of(context)
    draft = drafts.get(user_id)
    if draft is None:
        return None, False
    if clock() - draft.touched > DRAFT_TTL:
        drafts.pop(user_id, None)
        return None, True
    draft.touched = clock()
    return draft, False


async def cancel_command(update: Update, context: BotContext) -> None:
    """/cancel always answers: what was being composed (a broadcast or a call) is gone, or
    there was nothing."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    t = await context.translator()
    draft = drafts_of(context).pop(user.id, None)
    calls = context.services.store.calls
    form = await calls.has_form(user.id) and await calls.drop_form(user.id)
    if draft is not None:
        await reply_html(message, bv.cancelled(t))
    elif form:
        await reply_html(message, cv.cancelled(t))
    else:
        await reply_html(message, bv.nothing_to_cancel(t))
    raise ApplicationHandlerStop


async def other_command(update: Update, context: BotContext) -> None:
    """Any other command ends a broadcast draft or an unfinished call (said out loud); the
    command itself then runs."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    command = (message.text or "").split(maxsplit=1)[0].split("@")[0].lower()
    if command == "/cancel":
        return
    if command not in ("/broadcast", "/poll") and drafts_of(context).pop(user.id, None) is not None:
        await reply_html(message, bv.discarded(await context.translator()))
    calls = context.services.store.calls
    if command != "/newcall" and await calls.has_form(user.id) and await calls.drop_form(user.id):
        await reply_html(message, cv.discarded(await context.translator()))


def register(app: BotApp, group: int) -> None:
    app.add_handler(MessageHandler(filters.COMMAND, other_command), group=ENDING_GROUP)
    app.add_handler(CommandHandler("cancel", cancel_command), group=group)
