"""/newcall: staff and partner editors create a call with a guided form — its type, then
title, summary, location, duration and how to apply in Swedish, English and Russian (a
language may be skipped), the deadline and where to apply — see each language version as
subscribers will, and publish it (staff) or submit it for approval (editors).

The form's state is in SQLite per user (``call_forms``): it survives a restart, expires
after :data:`FORM_TTL`, and ends with /cancel or any other command. Every step and every
button re-checks the user; a button of somebody else's form does nothing.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

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

from cagbot import views
from cagbot.bot.access import log_refusal
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.staff.access import reply_html, role_of, start_private
from cagbot.bot.staff.calls import actions as call_actions
from cagbot.bot.staff.calls import approval as call_approval
from cagbot.bot.staff.calls import common as call_common
from cagbot.content.calls import (
    FIELD_LIMITS,
    OPTIONAL_FIELDS,
    TEXT_FIELDS,
    CallError,
    build_doc,
    parse_apply,
    parse_deadline,
)
from cagbot.i18n import N_, Translator
from cagbot.models import OPPORTUNITY_TYPES
from cagbot.settings import LANGUAGES
from cagbot.views import calls as cv

GROUP = HandlerGroup.CALL_FORM
#: Seconds an unfinished form is kept.
FORM_TTL = 2 * 3600
_DATA = re.compile(r"^cf\|([0-9a-f]{8})\|([a-z_-]{1,32})$")


def _button(label: str, token: str, action: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=f"cf|{token}|{action}")


def _cancel_row(t: Translator, token: str) -> list[InlineKeyboardButton]:
    return [_button(cv.cancel_label(t), token, "x")]


# -- commands --------------------------------------------------------------------------------


async def newcall_command(update: Update, context: BotContext) -> None:
    message, user, t, role = await start_private(update, context, "newcall", cv.private_only)
    form: dict[str, Any] = {"token": secrets.token_hex(4), "role": role, "step": "type"}
    await context.services.store.calls.save_form(user.id, form)
    await _ask(message.chat, t, form)
    raise ApplicationHandlerStop


# -- asking ----------------------------------------------------------------------------------


def _question(t: Translator, form: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    token, step = form["token"], form["step"]
    if step == "type":
        buttons = [
            _button(cv.type_label(t, kind), token, f"ty-{kind}") for kind in OPPORTUNITY_TYPES
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        return cv.ask_type(t), InlineKeyboardMarkup([*rows, _cancel_row(t, token)])
    if step == "field":
        language, field = LANGUAGES[form["lang"]], TEXT_FIELDS[form["field"]]
        rows = []
        if field == "title":
            rows.append([_button(cv.skip_language_label(t), token, "skl")])
        elif field in OPTIONAL_FIELDS:
            rows.append([_button(cv.skip_label(t), token, "skf")])
        question = cv.ask_field(t, language, field, optional=field in OPTIONAL_FIELDS)
        return question, InlineKeyboardMarkup([*rows, _cancel_row(t, token)])
    if step == "deadline":
        rows = [[_button(cv.no_deadline_label(t), token, "nodl")], _cancel_row(t, token)]
        return cv.ask_deadline(t), InlineKeyboardMarkup(rows)
    return cv.ask_apply(t), InlineKeyboardMarkup([_cancel_row(t, token)])


async def _ask(chat: Chat, t: Translator, form: dict[str, Any]) -> None:
    text, markup = _question(t, form)
    await chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=markup)


def _advance(form: dict[str, Any], *, skip_language: bool = False) -> None:
    """The next field, the next language, or the deadline once every language is done."""
    if skip_language:
        form.setdefault("texts", {}).pop(LANGUAGES[form["lang"]], None)
        form["field"] = len(TEXT_FIELDS)
    else:
        form["field"] += 1
    if form["field"] >= len(TEXT_FIELDS):
        form["lang"] += 1
        form["field"] = 0
    if form["lang"] >= len(LANGUAGES):
        form["step"] = "deadline"


# -- the form's messages ---------------------------------------------------------------------


async def form_message(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    store = context.services.store
    form = await store.calls.form(user.id, max_age=FORM_TTL)
    if form is None:
        return  # not composing a call: let the other features have the message
    t = await context.translator()
    if form.get("expired"):
        await reply_html(message, cv.expired(t))
        raise ApplicationHandlerStop
    if role_of(update, context) is None:  # rights withdrawn meanwhile
        await store.calls.drop_form(user.id)
        await reply_html(message, views.staff_only(t))
        raise ApplicationHandlerStop
    text = (message.text or "").strip()
    if form["step"] in ("edit_value", "move_deadline"):
        await call_actions.take_value(message, context, t, form, text)
        raise ApplicationHandlerStop
    if not text or form["step"] in ("type", "preview"):
        # A photo, a sticker, or text where a button is expected: say what is wanted.
        await reply_html(message, cv.need_text(t))
        if form["step"] != "preview":
            await _ask(message.chat, t, form)
        raise ApplicationHandlerStop
    if form["step"] == "field":
        field = TEXT_FIELDS[form["field"]]
        if len(text) > FIELD_LIMITS[field]:
            await reply_html(message, cv.too_long(t, FIELD_LIMITS[field]))
            raise ApplicationHandlerStop
        form.setdefault("texts", {}).setdefault(LANGUAGES[form["lang"]], {})[field] = text
        _advance(form)
        await _after_step(message.chat, context, t, user.id, form)
    elif form["step"] == "deadline":
        try:
            form["deadline"] = parse_deadline(text, context.services.today()).isoformat()
        except CallError as error:
            reply = cv.deadline_past(t) if error.reason == "past" else cv.deadline_unreadable(t)
            await reply_html(message, reply)
            raise ApplicationHandlerStop from None
        form["step"] = "apply"
        await _after_step(message.chat, context, t, user.id, form)
    elif form["step"] == "apply":
        try:
            form["apply"] = parse_apply(text)
        except CallError:
            await reply_html(message, cv.apply_invalid(t))
            raise ApplicationHandlerStop from None
        form["step"] = "preview"
        await context.services.store.calls.save_form(user.id, form)
        await _preview(message.chat, context, t, form)
    raise ApplicationHandlerStop


async def _after_step(
    chat: Chat, context: BotContext, t: Translator, user_id: int, form: dict[str, Any]
) -> None:
    if form["step"] == "deadline" and not any(
        texts.get("title") for texts in form.get("texts", {}).values()
    ):
        form.update(step="field", lang=0, field=0)
        await chat.send_message(cv.need_one_language(t), parse_mode=ParseMode.HTML)
    await context.services.store.calls.save_form(user_id, form)
    await _ask(chat, t, form)


def _doc(form: dict[str, Any]) -> dict[str, Any]:
    return build_doc(form["kind"], form.get("texts", {}), form.get("deadline"), form.get("apply"))


async def _preview(chat: Chat, context: BotContext, t: Translator, form: dict[str, Any]) -> None:
    doc = _doc(form)
    await chat.send_message(cv.preview_header(t), parse_mode=ParseMode.HTML)
    await call_common.show_versions(chat, context, t, doc)
    editor = form["role"] == "editor"
    first = cv.submit_label(t) if editor else cv.publish_label(t)
    markup = InlineKeyboardMarkup(
        [[_button(first, form["token"], "go")], _cancel_row(t, form["token"])]
    )
    await chat.send_message(
        cv.preview_footer(t, editor), parse_mode=ParseMode.HTML, reply_markup=markup
    )


# -- buttons ---------------------------------------------------------------------------------


async def form_button(update: Update, context: BotContext) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    t = await context.translator()
    role = role_of(update, context)  # live, never the form's: a demotion counts at once
    if role is None:
        log_refusal(update, "newcall")
        await query.answer(views.staff_only_short(t))
        raise ApplicationHandlerStop
    store = context.services.store
    match = _DATA.match(query.data or "")
    form = await store.calls.form(user.id, max_age=FORM_TTL)
    if match is None or form is None or form.get("token") != match.group(1):
        await query.answer(views.button_expired(t))
        raise ApplicationHandlerStop
    action = match.group(2)
    await query.answer()
    message = query.message
    assert message is not None
    if action == "x":
        await store.calls.drop_form(user.id)
        await _edit(update, cv.cancelled(t))
    elif action.startswith("ty-") and form["step"] == "type":
        form.update(kind=action[3:], step="field", lang=0, field=0, texts={})
        await store.calls.save_form(user.id, form)
        text, markup = _question(t, form)
        await _edit(update, text, markup)
    elif action in ("skl", "skf") and form["step"] == "field":
        if action == "skf" and TEXT_FIELDS[form["field"]] not in OPTIONAL_FIELDS:
            return
        _advance(form, skip_language=action == "skl")
        await _edit(update, cv.skipped(t))
        await _after_step(message.chat, context, t, user.id, form)
    elif action == "nodl" and form["step"] == "deadline":
        form["deadline"], form["step"] = None, "apply"
        await _edit(update, cv.no_deadline_label(t))
        await _after_step(message.chat, context, t, user.id, form)
    elif action == "go" and form["step"] == "preview":
        await store.calls.drop_form(user.id)  # a second press finds no form
        await call_approval.publish_or_submit(update, context, t, role, _doc(form))
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


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("newcall", newcall_command), group=GROUP)
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & ~filters.COMMAND, form_message
        ),
        group=GROUP,
    )
    app.add_handler(CallbackQueryHandler(form_button, pattern=r"^cf\|"), group=GROUP)
    app.bot_data.add_command("newcall", N_("Create an opportunity (a call)"), staff=True)
    call_actions.register(app)
