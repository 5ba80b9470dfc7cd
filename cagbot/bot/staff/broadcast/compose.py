"""/broadcast: staff (and partner editors) compose an announcement — a text, or a photo
with a caption, one for everyone or one per language — choose who gets it, see a preview
labelled per language with recipient counts and any fallback, and send it now, schedule it
for a local time, or (editors) submit it for staff approval.

How a draft ends (/cancel, any other command, silence) is in
:mod:`cagbot.bot.staff.broadcast.drafts`; nothing is sent before the confirmation. From the
confirmation on, everything is in the database
(:mod:`cagbot.bot.staff.broadcast.control` follows it from there). Every step re-checks the user.
"""

from __future__ import annotations

import re
import secrets

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from cagbot import views
from cagbot.bot.access import log_refusal
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.notifications import runtime_of
from cagbot.bot.replies import edit_or_send
from cagbot.bot.staff.access import reply_html, role_of, role_of_user, start_private
from cagbot.bot.staff.broadcast import control
from cagbot.bot.staff.broadcast import drafts as broadcast_drafts
from cagbot.bot.staff.broadcast import keyboards as kb
from cagbot.bot.staff.broadcast.drafts import WHEN, Draft, drafts_of, take
from cagbot.i18n import N_, Translator
from cagbot.notify.broadcasts import CAPTION_LIMIT, BroadcastError, Preview
from cagbot.notify.when import ZONES, WhenError, parse_when
from cagbot.settings import LANGUAGES
from cagbot.store.audience import Audience
from cagbot.views import broadcast as bv
from cagbot.views.notifications import visible_length

_DATA = re.compile(
    r"^bc\|([0-9a-f]{8})\|(pl|skip|go|x|urg|prot|all|topics|z-(?:sto|bis)|l-(?:sv|en|ru)|t-[a-z0-9_]{1,24})$"
)
#: Handlers run before the other features, so a draft's text is not taken for a search.
GROUP = HandlerGroup.STAFF_AND_CHATS


# -- commands --------------------------------------------------------------------------------


async def broadcast_command(update: Update, context: BotContext) -> None:
    message, user, t, role = await start_private(update, context, "broadcast", bv.private_only)
    draft = Draft(token=secrets.token_hex(4), role=role, touched=broadcast_drafts.clock())
    drafts_of(context)[user.id] = draft
    await reply_html(message, bv.ask_common_text(t), kb.ask_common(t, draft.token))
    raise ApplicationHandlerStop


# -- the draft's messages --------------------------------------------------------------------


async def draft_message(update: Update, context: BotContext) -> None:
    """A message from someone composing a broadcast: its text, photo or time."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    draft, expired = take(context, user.id)
    if expired:
        await reply_html(message, bv.expired(await context.translator()))
        raise ApplicationHandlerStop
    if draft is None or draft.awaiting is None:
        return  # not ours: let search and the other features have it
    t = await context.translator()
    if role_of(update, context) is None:  # rights withdrawn meanwhile
        drafts_of(context).pop(user.id, None)
        await reply_html(message, views.staff_only(t))
        raise ApplicationHandlerStop
    if draft.awaiting == WHEN:
        await _take_when(message, context, t, draft, message.text or "")
        raise ApplicationHandlerStop
    if message.photo:
        if not message.caption:
            await reply_html(message, bv.caption_missing(t), kb.only_cancel(t, draft.token))
            raise ApplicationHandlerStop
        text, photo = message.caption_html, message.photo[-1].file_id
    elif message.text:
        text, photo = message.text_html, None
    else:
        await reply_html(message, bv.not_a_text(t), kb.only_cancel(t, draft.token))
        raise ApplicationHandlerStop
    if (photo or draft.photo) and visible_length(text) > CAPTION_LIMIT:
        # Refused out loud: a caption Telegram would cut or refuse is never sent.
        await reply_html(
            message, bv.caption_too_long(t, CAPTION_LIMIT), kb.only_cancel(t, draft.token)
        )
        raise ApplicationHandlerStop
    if (
        photo
        and draft.photo is None
        and any(visible_length(other) > CAPTION_LIMIT for other in draft.texts.values())
    ):
        await reply_html(
            message, bv.caption_too_long(t, CAPTION_LIMIT), kb.only_cancel(t, draft.token)
        )
        raise ApplicationHandlerStop
    draft.photo = draft.photo or photo
    draft.texts[draft.awaiting] = text
    await _next_step(message, None, t, draft)
    raise ApplicationHandlerStop


async def _next_step(
    message: Message | None, update: Update | None, t: Translator, draft: Draft
) -> None:
    """Ask for the next language's text, or for the audience when all are in."""
    if draft.per_language and draft.awaiting in LANGUAGES:
        index = LANGUAGES.index(draft.awaiting)  # type: ignore[arg-type,unused-ignore]
        draft.awaiting = LANGUAGES[index + 1] if index + 1 < len(LANGUAGES) else None
    else:
        draft.awaiting = None
    if draft.awaiting is None and not draft.texts:
        draft.awaiting = LANGUAGES[0]  # every language skipped: start over with the first
    if draft.awaiting:
        text, markup = bv.ask_language_text(t, draft.awaiting), kb.ask_language(t, draft.token)
    else:
        text, markup = bv.ask_audience(t), kb.audience(t, draft.token)
    if message is not None:
        await reply_html(message, text, markup)
    elif update is not None:
        await edit_or_send(update, text, markup)


async def _take_when(
    message: Message, context: BotContext, t: Translator, draft: Draft, text: str
) -> None:
    service = runtime_of(context.application).broadcasts
    user = message.from_user
    assert draft.zone is not None
    assert draft.audience is not None
    assert user is not None
    if service is None:
        await reply_html(message, views.something_went_wrong(t))
        return
    try:
        when = parse_when(text, draft.zone, service.clock())
    except WhenError as error:
        answer = bv.when_past(t) if error.reason == "past" else bv.when_unreadable(t)
        await reply_html(message, answer, kb.only_cancel(t, draft.token))
        return
    drafts_of(context).pop(user.id, None)
    staff = role_of_user(context, user.id) == "staff"  # live: a demotion counts at once
    planned_id = await service.schedules.plan(
        drafted_by=user.id,
        texts=draft.texts,
        photo=draft.photo,
        audience=draft.audience,
        fire_at=when.at,
        timezone=draft.zone,
        approved_by=user.id if staff else None,
    )
    await _keep_flags(context, planned_id, draft)
    if staff:
        await reply_html(
            message, bv.scheduled(t, planned_id, bv.local_time(t, when.local, draft.zone))
        )
        return
    await _submit(context, t, planned_id, user.full_name)
    await reply_html(message, bv.submitted(t, planned_id))


async def _keep_flags(context: BotContext, planned_id: int, draft: Draft) -> None:
    """A planned broadcast stays urgent or protected until it fires."""
    if draft.urgent or draft.protect:
        await context.services.store.quiet_hours.set_planned_flags(
            planned_id, urgent=draft.urgent, protect=draft.protect
        )


async def _submit(context: BotContext, t: Translator, planned_id: int, author: str) -> None:
    service = runtime_of(context.application).broadcasts
    planned = await context.services.store.schedules.get(planned_id)
    assert service is not None
    assert planned is not None
    preview = await service.preview(planned.texts, planned.audience, photo=planned.photo)
    audience = planned.audience

    def label(t: Translator) -> str:  # in the language of the staff member it goes to
        return _audience_label(t, context, audience)

    await control.submit(context.application, planned, author, label, preview.recipients)


# -- buttons ---------------------------------------------------------------------------------


async def draft_button(update: Update, context: BotContext) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    if role_of(update, context) is None:
        # A forwarded or forged staff button: refused politely, and nothing else happens.
        log_refusal(update, "broadcast")
        await query.answer(views.staff_only_short(await context.translator()))
        raise ApplicationHandlerStop
    t = await context.translator()
    match = _DATA.match(query.data or "")
    draft, _ = take(context, user.id)
    if match is None or draft is None or draft.token != match.group(1):
        await query.answer(views.button_expired(t))
        raise ApplicationHandlerStop
    await query.answer()
    await _act(update, context, t, draft, match.group(2))
    raise ApplicationHandlerStop


async def _act(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str
) -> None:
    user = update.effective_user
    assert user is not None
    if action == "x":
        drafts_of(context).pop(user.id, None)
        await edit_or_send(update, bv.cancelled(t))
    elif action == "pl":
        draft.per_language, draft.texts, draft.awaiting = True, {}, LANGUAGES[0]
        draft.photo = None
        await edit_or_send(
            update, bv.ask_language_text(t, LANGUAGES[0]), kb.ask_language(t, draft.token)
        )
    elif action == "skip":
        if draft.awaiting in LANGUAGES:
            await _next_step(None, update, t, draft)
    elif action == "topics":
        await edit_or_send(
            update, bv.ask_topic(t), kb.topics(t, draft.token, context.services.lexicon)
        )
    elif action == "go":
        await _confirm(update, context, t, draft)
    elif action in ("urg", "prot"):
        if draft.audience is None or draft.awaiting is not None:
            await edit_or_send(update, bv.ask_audience(t), kb.audience(t, draft.token))
            return
        if action == "urg":
            draft.urgent = not draft.urgent
        else:
            draft.protect = not draft.protect
        summary = await _summary(context, t, draft)
        if summary is not None:
            await edit_or_send(update, *summary)
    elif action.startswith("z-"):
        if draft.audience is None:
            await edit_or_send(update, bv.ask_audience(t), kb.audience(t, draft.token))
            return
        draft.zone, draft.awaiting = ZONES[action[2:]], WHEN
        await edit_or_send(update, bv.ask_when(t, draft.zone), kb.only_cancel(t, draft.token))
    elif draft.awaiting is not None or not draft.texts:
        await edit_or_send(update, bv.ask_common_text(t), kb.ask_common(t, draft.token))
    else:
        if action == "all":
            draft.audience = Audience()
        elif action.startswith("l-"):
            draft.audience = Audience("language", action[2:])
        else:
            draft.audience = Audience("topic", action[2:])
        await _show_preview(update, context, t, draft)


def _audience_label(t: Translator, context: BotContext, audience: Audience) -> str:
    topic = ""
    if audience.kind == "topic":
        topic = views.topic_labels(t, context.services.lexicon, [audience.value or ""])[0]
    return bv.audience_label(t, audience.kind, audience.value, topic)


async def _show_preview(update: Update, context: BotContext, t: Translator, draft: Draft) -> None:
    assert draft.audience is not None
    service = runtime_of(context.application).broadcasts
    chat = update.effective_chat
    if service is None or chat is None:
        await edit_or_send(update, views.something_went_wrong(t))
        return
    try:
        preview: Preview = await service.preview(draft.texts, draft.audience, photo=draft.photo)
    except BroadcastError:
        drafts_of(context).pop(update.effective_user.id if update.effective_user else 0, None)
        await edit_or_send(update, bv.unsendable(t))
        return
    await edit_or_send(update, bv.preview_header(t))
    for text in dict.fromkeys(preview.per_language[code] for code in LANGUAGES):
        await chat.send_message(bv.version_label(t, preview, text), parse_mode=ParseMode.HTML)
        if preview.photo:
            await chat.send_photo(preview.photo, caption=text, parse_mode=ParseMode.HTML)
        else:
            await chat.send_message(text, parse_mode=ParseMode.HTML)
    summary, markup = _summary_of(context, t, draft, preview)
    await chat.send_message(summary, parse_mode=ParseMode.HTML, reply_markup=markup)


def _summary_of(
    context: BotContext, t: Translator, draft: Draft, preview: Preview
) -> tuple[str, InlineKeyboardMarkup]:
    """The preview's last message: audience, count, urgent and do-not-forward, buttons."""
    assert draft.audience is not None
    label = _audience_label(t, context, draft.audience)
    editor = draft.role == "editor"
    flags = {"urgent": draft.urgent, "protect": draft.protect}
    summary = bv.summary(t, label, preview, editor=editor, **flags)
    if preview.recipients:
        return summary, kb.confirm(t, draft.token, preview.recipients, editor=editor, **flags)
    return summary, kb.audience(t, draft.token)


async def _summary(
    context: BotContext, t: Translator, draft: Draft
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The summary again (a flag was toggled); None when the texts can no longer be sent."""
    service = runtime_of(context.application).broadcasts
    if service is None or draft.audience is None:
        return None
    try:
        preview = await service.preview(draft.texts, draft.audience, photo=draft.photo)
    except BroadcastError:
        return None
    return _summary_of(context, t, draft, preview)


async def _confirm(update: Update, context: BotContext, t: Translator, draft: Draft) -> None:
    user = update.effective_user
    assert user is not None
    # Taken out first: a second press of the same button finds no draft.
    drafts_of(context).pop(user.id, None)
    service = runtime_of(context.application).broadcasts
    if draft.audience is None or service is None:
        await edit_or_send(update, views.button_expired(t))
        return
    if role_of_user(context, user.id) != "staff":  # live: a demotion counts at once
        planned_id = await service.schedules.plan(
            drafted_by=user.id,
            texts=draft.texts,
            photo=draft.photo,
            audience=draft.audience,
            fire_at=None,
            timezone=None,
            approved_by=None,
        )
        await _keep_flags(context, planned_id, draft)
        await _submit(context, t, planned_id, user.full_name)
        await edit_or_send(update, bv.submitted(t, planned_id))
        return
    await control.start_now(
        update,
        context,
        t,
        texts=draft.texts,
        audience=draft.audience,
        admin_id=user.id,
        origin="bot",
        photo=draft.photo,
        urgent=draft.urgent,
        protect=draft.protect,
    )


def register(app: BotApp) -> None:
    broadcast_drafts.register(app, GROUP)  # /cancel, and any other command ends a draft
    app.add_handler(CommandHandler("broadcast", broadcast_command), group=GROUP)
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & ~filters.COMMAND, draft_message
        ),
        group=GROUP,
    )
    app.add_handler(CallbackQueryHandler(draft_button, pattern=r"^bc\|"), group=GROUP)
    app.bot_data.add_command("broadcast", N_("Send an announcement to subscribers"), staff=True)
    app.bot_data.add_command("cancel", N_("Stop what you are composing"), staff=True)
    control.register(app)
