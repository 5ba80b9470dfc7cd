"""/broadcast: staff (and partner editors) compose an announcement — a text, or a photo
with a caption, one for everyone or one per language — choose who gets it, see a preview
labelled per language with recipient counts and any fallback, and send it now, schedule it
for a local time, or (editors) submit it for staff approval.

The package, in the order a broadcast meets it: this module is the conversation (its
table of states and actions, the preview); ``drafts.py`` the draft, its buttons and how it
ends (/cancel, any other command, silence); ``sending.py`` a broadcast going out, down to
its report; ``planned.py`` one that waits (a time, staff approval, /broadcasts). Nothing is
sent before the confirmation; from then on everything is in the database. Every step
re-checks the user.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Mapping

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from cagbot import callbacks, views
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.kit import edit_or_send
from cagbot.bot.staff.access import gate, reply_html, role_of, role_of_user, start_private
from cagbot.bot.staff.broadcast import drafts, planned, poll_updates, sending
from cagbot.bot.staff.broadcast.drafts import WHEN, Draft, drafts_of, take
from cagbot.i18n import N_, Translator
from cagbot.notify.broadcasts import CAPTION_LIMIT, BroadcastError, Preview, too_long_for_caption
from cagbot.notify.polls import PollError, parse_poll
from cagbot.notify.when import ZONES
from cagbot.settings import LANGUAGES
from cagbot.store.audience import Audience
from cagbot.views import broadcast as bv
from cagbot.views import polls as pv

#: Handlers run before the other features, so a draft's text is not taken for a search.
GROUP = HandlerGroup.STAFF_AND_CHATS


# -- commands --------------------------------------------------------------------------------


async def broadcast_command(update: Update, context: BotContext) -> None:
    message, user, t, role = await start_private(update, context, "broadcast", bv.private_only)
    draft = Draft(token=secrets.token_hex(4), role=role, touched=drafts.clock())
    drafts_of(context)[user.id] = draft
    await reply_html(message, bv.ask_common_text(t), drafts.ask_common(t, draft.token, poll=True))
    raise ApplicationHandlerStop


async def poll_command(update: Update, context: BotContext) -> None:
    """/poll: a broadcast whose message is an anonymous poll (cagbot.notify.polls)."""
    message, user, t, role = await start_private(update, context, "poll", bv.private_only)
    draft = Draft(token=secrets.token_hex(4), role=role, touched=drafts.clock())
    draft.poll = True
    drafts_of(context)[user.id] = draft
    await reply_html(message, pv.ask_poll_text(t), drafts.ask_common(t, draft.token))
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
    typed = None if draft is None else STATES[state_of(draft)]
    if draft is None or typed is None:
        return  # not ours: let search and the other features have it
    t = await context.translator()
    if role_of(update, context) is None:  # rights withdrawn meanwhile
        drafts_of(context).pop(user.id, None)
        await reply_html(message, views.staff_only(t))
        raise ApplicationHandlerStop
    await typed(message, context, t, draft)
    raise ApplicationHandlerStop


async def _take_text(message: Message, context: BotContext, t: Translator, draft: Draft) -> None:
    """The text (or a photo with its caption) for everyone, or for one language."""
    if message.photo:
        if not message.caption:
            await reply_html(message, bv.caption_missing(t), drafts.only_cancel(t, draft.token))
            return
        text, photo = message.caption_html, message.photo[-1].file_id
    elif message.text:
        text, photo = message.text_html, None
    else:
        await reply_html(message, bv.not_a_text(t), drafts.only_cancel(t, draft.token))
        return
    if (photo or draft.photo) and too_long_for_caption(text):
        # Refused out loud: a caption Telegram would cut or refuse is never sent.
        await reply_html(
            message, bv.caption_too_long(t, CAPTION_LIMIT), drafts.only_cancel(t, draft.token)
        )
        return
    if (
        photo
        and draft.photo is None
        and any(too_long_for_caption(other) for other in draft.texts.values())
    ):
        await reply_html(
            message, bv.caption_too_long(t, CAPTION_LIMIT), drafts.only_cancel(t, draft.token)
        )
        return
    assert draft.awaiting is not None  # in TEXT: the text for everyone, or one language
    draft.photo = draft.photo or photo
    draft.texts[draft.awaiting] = text
    await _next_step(message, None, t, draft)


async def _take_poll(message: Message, context: BotContext, t: Translator, draft: Draft) -> None:
    """A poll's lines: kept as written (plain text, never HTML) once Telegram would take it."""
    if not message.text:
        await reply_html(message, pv.not_a_poll(t), drafts.only_cancel(t, draft.token))
        return
    try:
        parse_poll(message.text)
    except PollError as error:
        await reply_html(
            message, pv.poll_problem(t, error.reason), drafts.only_cancel(t, draft.token)
        )
        return
    assert draft.awaiting is not None
    draft.texts[draft.awaiting] = message.text
    await _next_step(message, None, t, draft)


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
        ask = pv.ask_poll_language_text if draft.poll else bv.ask_language_text
        text, markup = ask(t, draft.awaiting), drafts.ask_language(t, draft.token)
    else:
        text, markup = bv.ask_audience(t), drafts.audience(t, draft.token)
    if message is not None:
        await reply_html(message, text, markup)
    elif update is not None:
        await edit_or_send(update, text, markup)


# -- buttons ---------------------------------------------------------------------------------


async def draft_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    # A forwarded or forged staff button: refused politely, and nothing else happens.
    user, t, _ = await gate(update, context, "broadcast", editors=True)
    pressed = callbacks.decode(query.data)
    draft, _ = take(context, user.id)
    if pressed is None or draft is None or draft.token != pressed.args[0]:
        await query.answer(views.button_expired(t))
        raise ApplicationHandlerStop
    await query.answer()
    action = pressed.args[1]
    await ACTIONS[action.split("-", 1)[0]](update, context, t, draft, action)
    raise ApplicationHandlerStop


async def _cancel(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str
) -> None:
    drafts_of(context).pop(_user_id(update), None)
    await edit_or_send(update, bv.cancelled(t))


async def _per_language(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str
) -> None:
    draft.per_language, draft.texts, draft.awaiting = True, {}, LANGUAGES[0]
    draft.photo = None
    ask = pv.ask_poll_language_text if draft.poll else bv.ask_language_text
    await edit_or_send(update, ask(t, LANGUAGES[0]), drafts.ask_language(t, draft.token))


async def _poll(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str
) -> None:
    if not draft.texts and not draft.per_language:
        draft.poll = True
        await edit_or_send(update, pv.ask_poll_text(t), drafts.ask_common(t, draft.token))


async def _skip(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str
) -> None:
    if draft.awaiting in LANGUAGES:
        await _next_step(None, update, t, draft)


async def _flag(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str
) -> None:
    """Toggle urgent (rings during quiet hours) or do-not-forward, on the preview."""
    if draft.audience is None or draft.awaiting is not None:
        await edit_or_send(update, bv.ask_audience(t), drafts.audience(t, draft.token))
        return
    if action == "urg":
        draft.urgent = not draft.urgent
    else:
        draft.protect = not draft.protect
    summary = await _summary(context, t, draft)
    if summary is not None:
        await edit_or_send(update, *summary)


async def _topics(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str
) -> None:
    await edit_or_send(
        update, bv.ask_topic(t), drafts.topics(t, draft.token, context.services.lexicon)
    )


async def _schedule(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str
) -> None:
    if draft.audience is None:
        await edit_or_send(update, bv.ask_audience(t), drafts.audience(t, draft.token))
        return
    draft.zone, draft.awaiting = ZONES[action[2:]], WHEN
    await edit_or_send(update, bv.ask_when(t, draft.zone), drafts.only_cancel(t, draft.token))


async def _audience(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str
) -> None:
    if draft.awaiting is not None or not draft.texts:
        ask = pv.ask_poll_text if draft.poll else bv.ask_common_text
        await edit_or_send(update, ask(t), drafts.ask_common(t, draft.token))
        return
    if action == "all":
        draft.audience = Audience()
    elif action.startswith("l-"):
        draft.audience = Audience("language", action[2:])
    else:
        draft.audience = Audience("topic", action[2:])
    await _show_preview(update, context, t, draft)


def _user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


async def _show_preview(update: Update, context: BotContext, t: Translator, draft: Draft) -> None:
    assert draft.audience is not None
    service = context.services.broadcasts
    chat = update.effective_chat
    if service is None or chat is None:
        await edit_or_send(update, views.something_went_wrong(t))
        return
    try:
        preview: Preview = await service.preview(
            draft.texts, draft.audience, photo=draft.photo, poll=draft.poll
        )
    except (BroadcastError, PollError):
        drafts_of(context).pop(update.effective_user.id if update.effective_user else 0, None)
        await edit_or_send(update, bv.unsendable(t))
        return
    await edit_or_send(update, bv.preview_header(t))
    for text in dict.fromkeys(preview.per_language[code] for code in LANGUAGES):
        await chat.send_message(bv.version_label(t, preview, text), parse_mode=ParseMode.HTML)
        if draft.poll:
            poll = parse_poll(text)
            await chat.send_message(
                pv.preview(poll.question, poll.options), parse_mode=ParseMode.HTML
            )
        elif preview.photo:
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
    label = drafts.audience_label(t, context.services.lexicon, draft.audience)
    editor = draft.role == "editor"
    flags = {"urgent": draft.urgent, "protect": draft.protect}
    summary = bv.summary(t, label, preview, editor=editor, **flags)
    if preview.recipients:
        return summary, drafts.confirm(t, draft.token, preview.recipients, editor=editor, **flags)
    return summary, drafts.audience(t, draft.token)


async def _summary(
    context: BotContext, t: Translator, draft: Draft
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The summary again (a flag was toggled); None when the texts can no longer be sent."""
    service = context.services.broadcasts
    if service is None or draft.audience is None:
        return None
    try:
        preview = await service.preview(
            draft.texts, draft.audience, photo=draft.photo, poll=draft.poll
        )
    except (BroadcastError, PollError):
        return None
    return _summary_of(context, t, draft, preview)


async def _confirm(
    update: Update, context: BotContext, t: Translator, draft: Draft, action: str = "go"
) -> None:
    user = update.effective_user
    assert user is not None
    # Taken out first: a second press of the same button finds no draft.
    drafts_of(context).pop(user.id, None)
    service = context.services.broadcasts
    if draft.audience is None or service is None:
        await edit_or_send(update, views.button_expired(t))
        return
    if role_of_user(context, user.id) != "staff":  # live: a demotion counts at once
        await planned.submit_now(update, context, t, draft)
        return
    await sending.start_now(
        update,
        context,
        t,
        texts=draft.texts,
        audience=draft.audience,
        admin_id=user.id,
        origin="bot",
        photo=draft.photo,
        poll=draft.poll,
        urgent=draft.urgent,
        protect=draft.protect,
    )


# -- the conversation, as one table ---------------------------------------------------------

#: The states of a draft (Draft.awaiting, .poll and .audience say which one it is in).
TEXT, POLL, AUDIENCE, CONFIRM = "text", "poll", "audience", "confirm"


def state_of(draft: Draft) -> str:
    if draft.awaiting == WHEN:
        return WHEN
    if draft.awaiting is not None:
        return POLL if draft.poll else TEXT
    return AUDIENCE if draft.audience is None else CONFIRM


Typed = Callable[[Message, BotContext, Translator, Draft], Awaitable[None]]
Act = Callable[[Update, BotContext, Translator, Draft, str], Awaitable[None]]

#: The /broadcast conversation as one table, as PTB's ConversationHandler examples declare
#: theirs: each state a draft can be in, and what a typed message does there (None: the
#: message is not the draft's; search and the other features get it). /broadcast enters
#: TEXT; /cancel, any other command or silence end a draft (drafts.py).
STATES: Mapping[str, Typed | None] = {
    TEXT: _take_text,  # the text or photo, for everyone or for each language in turn
    POLL: _take_poll,  # a poll's question and options (/poll, or the draft's 📊 Poll)
    AUDIENCE: None,  # who gets it: everyone, one language, one topic (buttons)
    CONFIRM: None,  # the preview shown: send now, schedule, or (editors) submit
    WHEN: planned.take_when,  # the local time of a scheduled send
}
#: The draft's buttons (``l-ru`` is ``l``). They act in whatever state the draft is in, as
#: an earlier keyboard may still be on screen; each checks the state it needs.
ACTIONS: Mapping[str, Act] = {
    "x": _cancel,
    "pl": _per_language,  # one text per language instead of one for everyone
    "poll": _poll,  # the message is an anonymous poll, not a text
    "skip": _skip,  # no text in this language
    "all": _audience,
    "l": _audience,
    "topics": _topics,
    "t": _audience,
    "go": _confirm,  # send now (staff) or submit for approval (editors)
    "urg": _flag,  # urgent: rings during the readers' quiet hours
    "prot": _flag,  # do not forward: protect_content on every message
    "z": _schedule,  # schedule, in Stockholm's or Bishkek's time
}


def register(app: BotApp) -> None:
    drafts.register(app, GROUP)  # /cancel, and any other command ends a draft
    app.add_handler(CommandHandler("broadcast", broadcast_command), group=GROUP)
    app.add_handler(CommandHandler("poll", poll_command), group=GROUP)
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & ~filters.COMMAND, draft_message
        ),
        group=GROUP,
    )
    app.add_handler(
        CallbackQueryHandler(draft_button, pattern=callbacks.pattern("bc")), group=GROUP
    )
    app.bot_data.add_command("broadcast", N_("Send an announcement to subscribers"), staff=True)
    app.bot_data.add_command("poll", N_("Send subscribers an anonymous poll"), staff=True)
    app.bot_data.add_command("cancel", N_("Stop what you are composing"), staff=True)
    sending.register(app)
    planned.register(app)
    poll_updates.register(app)
