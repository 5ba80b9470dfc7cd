"""Staff actions on calls: /calls lists the opportunities; a call's staff view edits a
text, closes it early or moves its deadline, each change audited (editors' calls are
approved in cagbot.bot.staff.calls.approval).

Only staff act (editors draft, see cagbot.bot.staff.calls.form); every button re-checks the user.
"""

from __future__ import annotations

from typing import Any

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, CommandHandler

from cagbot import callbacks, views
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.kit import edit_or_send
from cagbot.bot.staff.access import gate, role_of_user, staff_press
from cagbot.bot.staff.calls import approval as call_approval
from cagbot.bot.staff.calls.common import service_of
from cagbot.content.calls import (
    FIELD_LIMITS,
    TEXT_FIELDS,
    CallError,
    build_doc,
    doc_texts,
    parse_apply,
    parse_deadline,
)
from cagbot.i18n import N_, Translator
from cagbot.markup import truncate
from cagbot.settings import LANGUAGES
from cagbot.views import calls as cv

GROUP = HandlerGroup.STAFF_AND_CHATS
_BUILT = frozenset({*TEXT_FIELDS, *LANGUAGES, "titles", "language", "type", "deadline",
                    "apply_url", "is_open"})  # fmt: skip


# -- /calls and a call's staff view ----------------------------------------------------------


def _staff_button(label: str, post_id: int, action: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.encode("cs", post_id, action))


async def calls_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    _, t, _ = await gate(update, context, "calls")
    posts = await context.services.store.posts.opportunities()
    rows = [
        [_staff_button(truncate(post.title_in(t.language), 60), post.id, "v")]
        for post in posts[:40]
    ]
    await message.reply_text(
        cv.calls_list(t, len(posts)),
        parse_mode=ParseMode.HTML,
        reply_markup=InlineKeyboardMarkup(rows) if rows else None,
    )
    raise ApplicationHandlerStop


def _detail_markup(t: Translator, post_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_staff_button(cv.edit_label(t), post_id, "ed")],
            [
                _staff_button(cv.close_label(t), post_id, "cl"),
                _staff_button(cv.deadline_label(t), post_id, "dl"),
            ],
        ]
    )


async def _show_detail(
    update: Update | None, chat: Chat | None, context: BotContext, t: Translator, post_id: int
) -> None:
    services = context.services
    post = await services.store.posts.get(post_id)
    if post is None:
        text, markup = cv.call_gone(t), None
    else:
        text = views.post_detail(t, services.lexicon, post, today=services.today())
        markup = _detail_markup(t, post_id)
    if update is not None:
        await edit_or_send(update, text, markup)
    elif chat is not None:
        await chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def staff_button(update: Update, context: BotContext) -> None:
    press = await staff_press(update, context, "call action", "cs")
    if press is None:
        return
    query, user, t, pressed = press
    post_id, action = pressed.int_arg(0), pressed.args[1]
    await query.answer()
    store = context.services.store
    if action == "v":
        await _show_detail(update, None, context, t, post_id)
        raise ApplicationHandlerStop
    service = service_of(context)
    call = await service.call_of(post_id, user.id)
    if call is None:
        await edit_or_send(update, cv.call_gone(t))
        raise ApplicationHandlerStop
    if action == "cl":
        await service.close(call, actor=user.id, role="staff")
        await edit_or_send(update, cv.closed(t))
        await _show_detail(None, update.effective_chat, context, t, post_id)
    elif action == "dl":
        await store.calls.save_form(user.id, {"step": "move_deadline", "post_id": post_id})
        await edit_or_send(update, cv.ask_new_deadline(t))
    elif action == "ed":
        rows = [
            [
                _staff_button(views.language_button(t, code), post_id, f"el-{code}")
                for code in LANGUAGES
            ],
            [_staff_button(cv.field_name(t, "apply_url"), post_id, "ef-ap")],
            [_staff_button(cv.back_label(t), post_id, "v")],
        ]
        await edit_or_send(update, cv.ask_edit_language(t), InlineKeyboardMarkup(rows))
    elif action.startswith("el-"):
        code = action[3:]
        rows = [
            [_staff_button(cv.field_name(t, field), post_id, f"ef-{code}-{field}")]
            for field in TEXT_FIELDS
        ]
        rows.append([_staff_button(cv.back_label(t), post_id, "ed")])
        await edit_or_send(update, cv.ask_edit_field(t, code), InlineKeyboardMarkup(rows))
    else:
        code, field = ("", "apply_url") if action == "ef-ap" else action[3:].split("-", 1)
        if field not in (*TEXT_FIELDS, "apply_url"):
            await edit_or_send(update, views.button_expired(t))
            raise ApplicationHandlerStop
        await store.calls.save_form(
            user.id, {"step": "edit_value", "post_id": post_id, "language": code, "field": field}
        )
        await edit_or_send(
            update, cv.ask_new_value(t, code or call.doc.get("language", "en"), field)
        )
    raise ApplicationHandlerStop


def _edited(doc: dict[str, Any], language: str, field: str, value: str) -> dict[str, Any]:
    """The document with one text (or the application link) replaced."""
    if field == "apply_url":
        return {**doc, "apply_url": value}
    texts = doc_texts(doc)
    texts.setdefault(language, {})[field] = value
    if field != "title" and not texts[language].get("title"):
        # A language gets a version only with a title: start it with the original's.
        texts[language]["title"] = doc["title"]
    rebuilt = build_doc(
        doc["type"],
        texts,
        doc.get("deadline"),
        doc.get("apply_url"),
        is_open=doc.get("is_open", True),
    )
    # Keep what the form does not ask for (a url or publication date from the file).
    return {**{k: v for k, v in doc.items() if k not in _BUILT}, **rebuilt}


async def take_value(
    message: Message, context: BotContext, t: Translator, form: dict[str, Any], text: str
) -> None:
    """A new value for an edit or a new deadline, typed after the staff view asked."""
    user = message.from_user
    assert user is not None
    store = context.services.store
    if role_of_user(context, user.id) != "staff":
        await store.calls.drop_form(user.id)
        await message.reply_text(views.staff_only(t), parse_mode=ParseMode.HTML)
        return
    service = service_of(context)
    call = await service.call_of(int(form["post_id"]), user.id)
    if call is None:
        await store.calls.drop_form(user.id)
        await message.reply_text(cv.call_gone(t), parse_mode=ParseMode.HTML)
        return
    try:
        if form["step"] == "move_deadline":
            deadline = parse_deadline(text, context.services.today())
            await service.move_deadline(call, deadline, actor=user.id, role="staff")
        else:
            field = form["field"]
            if field == "apply_url":
                value = parse_apply(text)
            elif not text or len(text) > FIELD_LIMITS[field]:
                await message.reply_text(
                    cv.too_long(t, FIELD_LIMITS[field]), parse_mode=ParseMode.HTML
                )
                return
            else:
                value = text
            doc = _edited(call.doc, form["language"], field, value)
            await service.change(call, doc, actor=user.id, action="call.edit", role="staff")
    except CallError as error:
        reply = {
            "past": cv.deadline_past(t),
            "link": cv.apply_invalid(t),
            "duplicate": cv.duplicate(t),
        }.get(error.reason, cv.deadline_unreadable(t))
        await message.reply_text(reply, parse_mode=ParseMode.HTML)
        return
    await store.calls.drop_form(user.id)
    await message.reply_text(cv.saved(t), parse_mode=ParseMode.HTML)
    await _show_detail(None, message.chat, context, t, int(form["post_id"]))


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("calls", calls_command), group=GROUP)
    app.add_handler(
        CallbackQueryHandler(staff_button, pattern=callbacks.pattern("cs")), group=GROUP
    )
    call_approval.register(app)
    app.bot_data.add_command("calls", N_("Edit, close or extend opportunities"), staff=True)
