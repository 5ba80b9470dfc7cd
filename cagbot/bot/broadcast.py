"""/broadcast: staff compose an announcement, choose who gets it, see a preview and the
number of recipients, confirm, and follow its progress to a final report.

Only ids in ``settings.admin_ids`` may use it, checked on the user who pressed or wrote at
every step: a copied or forwarded button pressed by anyone else gets the polite staff-only
refusal and does nothing.
Drafts live in memory (nothing is sent before the confirmation); once confirmed, the
broadcast is in the database and survives a restart.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from cagbot import markup, views
from cagbot.bot.access import is_staff, log_refusal
from cagbot.bot.context import BotApp, BotContext
from cagbot.i18n import N_, Translator
from cagbot.notify.broadcasts import EVERYONE, BroadcastError, BroadcastReport, Preview
from cagbot.notify.runtime import NotifyRuntime, runtime_of
from cagbot.settings import LANGUAGES
from cagbot.store.audience import Audience

esc = markup.esc
_PREFIX = "bc"
_DATA = re.compile(
    r"^bc\|([0-9a-f]{8})\|(pl|skip|go|x|all|topics|l-(?:sv|en|ru)|t-[a-z0-9_]{1,24})$"
)
#: Handlers run before the other features, so a draft's text is not taken for a search.
GROUP = -1


@dataclass(slots=True)
class Draft:
    token: str
    per_language: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    awaiting: str | None = EVERYONE  # which text the next message is; None: not waiting
    audience: Audience | None = None


def _drafts(context: BotContext) -> dict[int, Draft]:
    return runtime_of(context.application).drafts


def _runtime(context: BotContext) -> NotifyRuntime:
    return runtime_of(context.application)


def _data(draft: Draft, action: str) -> str:
    return f"{_PREFIX}|{draft.token}|{action}"


def _cancel_row(t: Translator, draft: Draft) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(t.gettext("Cancel"), callback_data=_data(draft, "x"))]


# -- texts ---------------------------------------------------------------------------------


def _language_name(t: Translator, code: str) -> str:
    return views.language_name(t, code)


def _ask_text(t: Translator, draft: Draft) -> tuple[str, InlineKeyboardMarkup]:
    if draft.awaiting == EVERYONE:
        text = t.gettext(
            "📣 New broadcast. Send me the announcement as one message; formatting is kept. "
            "Everyone gets this text, or write one per language."
        )
        rows = [
            [
                InlineKeyboardButton(
                    t.gettext("One text per language"), callback_data=_data(draft, "pl")
                )
            ],
            _cancel_row(t, draft),
        ]
        return esc(text), InlineKeyboardMarkup(rows)
    language = _language_name(t, draft.awaiting or "")
    # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru: «шведский»).
    text = t.gettext(
        "Send the text for readers of {language}, or skip: they then get another version."
    ).format(language=language)
    rows = [
        [InlineKeyboardButton(t.gettext("Skip"), callback_data=_data(draft, "skip"))],
        _cancel_row(t, draft),
    ]
    return esc(text), InlineKeyboardMarkup(rows)


def _ask_audience(t: Translator, draft: Draft) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [InlineKeyboardButton(t.gettext("All subscribers"), callback_data=_data(draft, "all"))],
        [
            InlineKeyboardButton(
                views.language_button(t, code), callback_data=_data(draft, f"l-{code}")
            )
            for code in LANGUAGES
        ],
        [InlineKeyboardButton(t.gettext("By topic…"), callback_data=_data(draft, "topics"))],
        _cancel_row(t, draft),
    ]
    return esc(t.gettext("Who should get it?")), InlineKeyboardMarkup(rows)


def _ask_topic(
    t: Translator, context: BotContext, draft: Draft
) -> tuple[str, InlineKeyboardMarkup]:
    buttons = [
        InlineKeyboardButton(entry.label(t.language), callback_data=_data(draft, f"t-{entry.slug}"))
        for entry in context.services.lexicon.topics
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(_cancel_row(t, draft))
    return esc(t.gettext("Which topic?")), InlineKeyboardMarkup(rows)


def _private_only(t: Translator) -> str:
    return esc(t.gettext("Please start a broadcast in a private chat with me."))


def _cancelled(t: Translator) -> str:
    return esc(t.gettext("Broadcast cancelled: nothing was sent."))


def _unsendable(t: Translator) -> str:
    return esc(t.gettext("This text cannot be sent: it is empty or too long."))


def _preview_header(t: Translator) -> str:
    return esc(t.gettext("Preview — this is exactly what they will get:"))


def _audience_label(t: Translator, context: BotContext, audience: Audience) -> str:
    if audience.kind == "language":
        # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru: «шведский»).
        return t.gettext("readers of {language}").format(
            language=_language_name(t, audience.value or "")
        )
    if audience.kind == "topic":
        labels = views.topic_labels(t, context.services.lexicon, [audience.value or ""])
        return t.gettext("subscribers of the topic {topic}").format(topic=labels[0])
    return t.gettext("all subscribers")


def _summary(
    t: Translator, context: BotContext, draft: Draft, preview: Preview
) -> tuple[str, InlineKeyboardMarkup]:
    n = preview.recipients
    lines = [
        esc(
            t.gettext("Audience: {audience}").format(
                audience=_audience_label(t, context, preview.audience)
            )
        ),
        esc(
            t.ngettext("It will reach {n} subscriber.", "It will reach {n} subscribers.", n).format(
                n=t.format_number(n)
            )
        ),
    ]
    if preview.by_language:
        parts = ", ".join(
            f"{_language_name(t, code)}: {t.format_number(count)}"
            for code, count in sorted(preview.by_language.items())
        )
        lines.append(esc(parts))
    if not n:
        lines.append(esc(t.gettext("Nobody matches this audience: choose another.")))
        _, choices = _ask_audience(t, draft)
        return "\n".join(lines), choices
    label = t.ngettext("Send to {n} subscriber", "Send to {n} subscribers", n).format(
        n=t.format_number(n)
    )
    rows = [[InlineKeyboardButton(label, callback_data=_data(draft, "go"))], _cancel_row(t, draft)]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _progress(t: Translator, report: BroadcastReport, done: bool) -> str:
    if done:
        return esc(
            t.gettext(
                "✅ Broadcast #{id} finished: {sent} sent, {blocked} blocked the bot, "
                "{failed} failed."
            ).format(
                id=report.broadcast_id,
                sent=t.format_number(report.sent),
                blocked=t.format_number(report.blocked),
                failed=t.format_number(report.failed),
            )
        )
    finished = report.sent + report.blocked + report.failed
    return esc(
        t.ngettext(
            "📤 Broadcast #{id}: {done} of {n} recipient done ({sent} sent, {blocked} blocked, "
            "{failed} failed).",
            "📤 Broadcast #{id}: {done} of {n} recipients done ({sent} sent, {blocked} blocked, "
            "{failed} failed).",
            report.recipients,
        ).format(
            id=report.broadcast_id,
            done=t.format_number(finished),
            n=t.format_number(report.recipients),
            sent=t.format_number(report.sent),
            blocked=t.format_number(report.blocked),
            failed=t.format_number(report.failed),
        )
    )


# -- handlers ------------------------------------------------------------------------------


async def broadcast_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    t = await context.translator()
    if not is_staff(update, context):
        log_refusal(update, "broadcast")
        await message.reply_text(views.staff_only(t), parse_mode=ParseMode.HTML)
        raise ApplicationHandlerStop
    if update.effective_chat is None or update.effective_chat.type != Chat.PRIVATE:
        await message.reply_text(_private_only(t), parse_mode=ParseMode.HTML)
        raise ApplicationHandlerStop
    draft = Draft(token=secrets.token_hex(4))
    _drafts(context)[user.id] = draft
    text, markup = _ask_text(t, draft)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    raise ApplicationHandlerStop


async def draft_text(update: Update, context: BotContext) -> None:
    """A staff member's message while a draft waits for its text."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return
    draft = _drafts(context).get(user.id)
    if draft is None or draft.awaiting is None or not is_staff(update, context):
        return  # not ours: let search and the other features have it
    t = await context.translator()
    draft.texts[draft.awaiting] = message.text_html
    await _next_step(message.reply_text, t, draft)
    raise ApplicationHandlerStop


async def _next_step(send: Callable[..., Awaitable[object]], t: Translator, draft: Draft) -> None:
    """Ask for the next language's text, or for the audience when all are in."""
    if draft.per_language and draft.awaiting in LANGUAGES:
        index = LANGUAGES.index(draft.awaiting)  # type: ignore[arg-type,unused-ignore]
        draft.awaiting = LANGUAGES[index + 1] if index + 1 < len(LANGUAGES) else None
    else:
        draft.awaiting = None
    if draft.awaiting is None and not draft.texts:
        # Every language skipped: start over with the first.
        draft.awaiting = LANGUAGES[0]
    text, markup = _ask_text(t, draft) if draft.awaiting else _ask_audience(t, draft)
    await send(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def draft_button(update: Update, context: BotContext) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    if not is_staff(update, context):
        # A forwarded or forged staff button: refused politely, and nothing else happens.
        log_refusal(update, "broadcast")
        await query.answer(views.staff_only_short(await context.translator()))
        raise ApplicationHandlerStop
    t = await context.translator()
    match = _DATA.match(query.data or "")
    draft = _drafts(context).get(user.id)
    if match is None or draft is None or draft.token != match.group(1):
        await query.answer(views.button_expired(t))
        raise ApplicationHandlerStop
    action = match.group(2)
    await query.answer()
    await _act(update, context, t, draft, action)
    raise ApplicationHandlerStop


async def _edit(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except TelegramError:
        if query.message is not None:
            await query.message.chat.send_message(
                text, parse_mode=ParseMode.HTML, reply_markup=markup
            )


async def _act(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str
) -> None:
    user = update.effective_user
    assert user is not None
    drafts = _drafts(context)
    if action == "x":
        drafts.pop(user.id, None)
        await _edit(update, _cancelled(t))
        return
    if action == "pl":
        draft.per_language, draft.texts, draft.awaiting = True, {}, LANGUAGES[0]
        await _edit(update, *_ask_text(t, draft))
        return
    if action == "skip":
        if draft.awaiting is None:
            return
        await _next_step(_EditSender(update), t, draft)
        return
    if action == "topics":
        await _edit(update, *_ask_topic(t, context, draft))
        return
    if action == "go":
        await _confirm(update, context, t, draft)
        return
    if draft.awaiting is not None or not draft.texts:
        await _edit(update, *_ask_text(t, draft))
        return
    if action == "all":
        draft.audience = Audience()
    elif action.startswith("l-"):
        draft.audience = Audience("language", action[2:])
    else:
        draft.audience = Audience("topic", action[2:])
    await _show_preview(update, context, t, draft)


class _EditSender:
    """Lets :func:`_next_step` edit the button's message instead of sending a new one."""

    def __init__(self, update: Update) -> None:
        self.update = update

    async def __call__(
        self, text: str, *, parse_mode: str, reply_markup: InlineKeyboardMarkup
    ) -> None:
        await _edit(self.update, text, reply_markup)


async def _show_preview(update: Update, context: BotContext, t: Translator, draft: Draft) -> None:
    assert draft.audience is not None
    service = _runtime(context).broadcasts
    if service is None:
        await _edit(update, views.something_went_wrong(t))
        return
    try:
        preview = await service.preview(draft.texts, draft.audience)
    except BroadcastError:
        drafts = _drafts(context)
        drafts.pop(update.effective_user.id if update.effective_user else 0, None)
        await _edit(update, _unsendable(t))
        return
    chat = update.effective_chat
    assert chat is not None
    await _edit(update, _preview_header(t))
    shown: set[str] = set()
    for code in LANGUAGES:
        text = preview.per_language[code]
        if text in shown:
            continue
        shown.add(text)
        await chat.send_message(text, parse_mode=ParseMode.HTML)
    summary, markup = _summary(t, context, draft, preview)
    await chat.send_message(summary, parse_mode=ParseMode.HTML, reply_markup=markup)


async def _confirm(update: Update, context: BotContext, t: Translator, draft: Draft) -> None:
    user = update.effective_user
    assert user is not None
    runtime = _runtime(context)
    # Taken out first: a second press of the same button finds no draft.
    _drafts(context).pop(user.id, None)
    if draft.audience is None or runtime.broadcasts is None:
        await _edit(update, views.button_expired(t))
        return
    broadcast_id, recipients = await runtime.broadcasts.start(
        draft.texts, draft.audience, admin_id=user.id, origin="bot"
    )
    if runtime.dispatcher is not None:
        runtime.dispatcher.wake()
    start = BroadcastReport(broadcast_id, recipients, 0, 0, 0, recipients)
    await _edit(update, _progress(t, start, False))
    query = update.callback_query
    assert query is not None
    status = query.message

    async def show(report: BroadcastReport, done: bool) -> None:
        if status is None:
            return
        await context.bot.edit_message_text(
            _progress(t, report, done),
            chat_id=status.chat.id,
            message_id=status.message_id,
            parse_mode=ParseMode.HTML,
        )

    runtime.follow(broadcast_id, recipients, show)


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("broadcast", broadcast_command), group=GROUP)
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, draft_text),
        group=GROUP,
    )
    app.add_handler(CallbackQueryHandler(draft_button, pattern=r"^bc\|"), group=GROUP)
    app.bot_data.add_command("broadcast", N_("Send an announcement to subscribers"), staff=True)
