"""Broadcast drafts: who is composing what, the draft's buttons, and how a draft ends.

A draft lives in memory (nothing is sent before the confirmation). It ends with /cancel,
which always answers; with any other command (said out loud, and the command still runs);
or by itself after :data:`DRAFT_TTL` seconds of silence. /cancel and other commands end an
unfinished call form (cagbot.bot.staff.calls.form) the same way.

The draft's buttons are ``bc`` buttons of :mod:`cagbot.callbacks` (token, action); what each
action does is the conversation's ``ACTIONS`` table (compose.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.staff.access import Role, reply_html
from cagbot.callbacks import encode
from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.notify.broadcasts import EVERYONE
from cagbot.notify.when import ZONES
from cagbot.settings import LANGUAGES
from cagbot.store.audience import Audience
from cagbot.views import broadcast as bv
from cagbot.views import calls as cv
from cagbot.views import polls as pv
from cagbot.views.labels import language_button, topic_labels

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


def audience_label(t: Translator, lexicon: Lexicon, audience: Audience) -> str:
    """Who a draft goes to, as staff read it: everyone, a language, a topic's name."""
    topic = ""
    if audience.kind == "topic":
        topic = topic_labels(t, lexicon, [audience.value or ""])[0]
    return bv.audience_label(t, audience.kind, audience.value, topic)


# -- the draft's buttons ---------------------------------------------------------------------


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _draft(token: str, action: str) -> str:
    return encode("bc", token, action)


def cancel_row(t: Translator, token: str) -> list[InlineKeyboardButton]:
    return [_button(t.gettext("Cancel"), _draft(token, "x"))]


def ask_common(t: Translator, token: str, *, poll: bool = False) -> InlineKeyboardMarkup:
    """``poll``: also offer to make the draft a poll (the /broadcast start)."""
    rows = [[_button(t.gettext("One text per language"), _draft(token, "pl"))]]
    if poll:
        rows.append([_button(pv.poll_label(t), _draft(token, "poll"))])
    return InlineKeyboardMarkup([*rows, cancel_row(t, token)])


def ask_language(t: Translator, token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(t.gettext("Skip"), _draft(token, "skip"))], cancel_row(t, token)]
    )


def only_cancel(t: Translator, token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([cancel_row(t, token)])


def audience(t: Translator, token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(t.gettext("All subscribers"), _draft(token, "all"))],
            [_button(language_button(t, code), _draft(token, f"l-{code}")) for code in LANGUAGES],
            [_button(t.gettext("By topic…"), _draft(token, "topics"))],
            cancel_row(t, token),
        ]
    )


def topics(t: Translator, token: str, lexicon: Lexicon) -> InlineKeyboardMarkup:
    buttons = [
        _button(entry.label(t.language), _draft(token, f"t-{entry.slug}"))
        for entry in lexicon.topics
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(cancel_row(t, token))
    return InlineKeyboardMarkup(rows)


def confirm(
    t: Translator,
    token: str,
    recipients: int,
    *,
    editor: bool,
    urgent: bool = False,
    protect: bool = False,
) -> InlineKeyboardMarkup:
    first = bv.submit_label(t) if editor else bv.send_now_label(t, recipients)
    rows = [
        [
            _button(bv.urgent_label(t, urgent), _draft(token, "urg")),
            _button(bv.protect_label(t, protect), _draft(token, "prot")),
        ],
        [_button(first, _draft(token, "go"))],
        [
            _button(bv.schedule_label(t, zone), _draft(token, f"z-{key}"))
            for key, zone in ZONES.items()
        ],
        cancel_row(t, token),
    ]
    return InlineKeyboardMarkup(rows)


# -- how a draft ends -------------------------------------------------------------------------


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
