"""Calls drafted by partner editors: they go to staff with each language version and
approve/reject buttons; staff publish or reject them, and the author is told the outcome.
Only staff decide; every press re-checks the user, and a replayed approval does nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler

from cagbot import callbacks
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.kit import edit_or_send
from cagbot.bot.staff.access import staff_press, tell
from cagbot.bot.staff.calls.common import service_of
from cagbot.content.calls import CallError, doc_texts, draft_post, to_draft
from cagbot.i18n import Translator
from cagbot.models import Post
from cagbot.notify.calls import render as render_call
from cagbot.store.outbox import Outgoing, Rendered
from cagbot.views import calls as cv

GROUP = HandlerGroup.STAFF_AND_CHATS


async def publish_or_submit(
    update: Update, context: BotContext, t: Translator, role: str, doc: dict[str, Any]
) -> None:
    user = update.effective_user
    assert user is not None
    store = context.services.store
    if role == "staff":
        try:
            done = await service_of(context).publish(
                doc, actor=user.id, drafted_by=user.id, role=role
            )
        except CallError:
            await edit_or_send(update, cv.duplicate(t))
            return
        await edit_or_send(update, cv.published(t, done.call_id, done.queued))
        return
    call_id = await store.calls.submit(doc, user.id, role=role)
    await _request_approval(context, call_id, doc, user.full_name)
    await edit_or_send(update, cv.submitted(t, call_id))


async def _request_approval(
    context: BotContext, call_id: int, doc: dict[str, Any], author: str
) -> None:
    services = context.services
    post = draft_post(to_draft(doc, services.lexicon))
    own = list(doc_texts(doc))
    for admin_id in sorted(services.settings.admin_ids):
        for code in own:
            await tell(context.application, admin_id, _label(code, own))
            await tell(context.application, admin_id, _version(context, post, doc, code))

        def request(t: Translator) -> Outgoing:
            keyboard = {
                "inline_keyboard": [
                    [
                        {
                            "text": cv.publish_label(t),
                            "callback_data": callbacks.encode("ca", call_id, "ok"),
                        },
                        {
                            "text": cv.reject_label(t),
                            "callback_data": callbacks.encode("ca", call_id, "no"),
                        },
                    ]
                ]
            }
            return Rendered(cv.approval_request(t, call_id, author), reply_markup=keyboard)

        await tell(context.application, admin_id, request)


def _label(code: str, own: list[str]) -> Callable[[Translator], Outgoing]:
    def render(t: Translator) -> Outgoing:
        return cv.version_label(t, [code], own)

    return render


def _version(
    context: BotContext, post: Post, doc: dict[str, Any], code: str
) -> Callable[[Translator], Outgoing]:
    """The version readers of ``code`` get, whatever language the staff member reads."""
    services = context.services

    def render(t: Translator) -> Outgoing:
        return render_call(services.i18n.get(code), services.lexicon, post, doc)

    return render


async def approval_button(update: Update, context: BotContext) -> None:
    press = await staff_press(update, context, "call approval", "ca")
    if press is None:
        return
    query, user, t, pressed = press
    call_id, action = pressed.int_arg(0), pressed.args[1]
    store = context.services.store
    await query.answer()
    call = await store.calls.get(call_id)
    if call is None or call.status != "awaiting_approval":
        await edit_or_send(update, cv.call_decided(t, call_id))
        raise ApplicationHandlerStop
    if action == "no":
        if await store.calls.decide(call_id, user.id, "rejected", role="staff"):
            await edit_or_send(update, cv.call_rejected(t, call_id))
            await tell(context.application, call.drafted_by, lambda t: cv.call_rejected(t, call_id))
        else:
            await edit_or_send(update, cv.call_decided(t, call_id))
        raise ApplicationHandlerStop
    try:
        done = await service_of(context).publish(
            call.doc, actor=user.id, drafted_by=call.drafted_by, call_id=call_id, role="staff"
        )
    except CallError:
        await edit_or_send(update, cv.duplicate(t))
        raise ApplicationHandlerStop from None
    await store.audit.record(
        actor=user.id, action="call.approve", subject=f"call:{call_id}", role="staff"
    )
    await edit_or_send(update, cv.published(t, done.call_id, done.queued))
    await tell(context.application, call.drafted_by, lambda t: cv.call_approved(t, call_id))
    raise ApplicationHandlerStop


def register(app: BotApp) -> None:
    app.add_handler(
        CallbackQueryHandler(approval_button, pattern=callbacks.pattern("ca")), group=GROUP
    )
