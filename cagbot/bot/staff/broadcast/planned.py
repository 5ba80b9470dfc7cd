"""Broadcasts not sent at once: a draft given a local time (the conversation's WHEN
state) or, from an editor, submitted for staff approval (``bp`` buttons); the job that
fires scheduled sends at their time; /broadcasts (scheduled, awaiting approval, going
out). Once one goes out, sending.py follows it.

Every button re-checks the pressing user: only staff act; an editor or a stranger pressing
a forwarded or replayed button gets the staff-only refusal and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, CommandHandler

from cagbot import callbacks, views
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.kit import edit_or_send
from cagbot.bot.notifications import ProgressHook, runtime_of
from cagbot.bot.staff.access import App, gate, reply_html, role_of_user, staff_press, tell
from cagbot.bot.staff.broadcast import drafts, sending
from cagbot.bot.staff.broadcast.drafts import Draft, drafts_of
from cagbot.bot.staff.broadcast.sending import all_of, open_progress
from cagbot.callbacks import encode
from cagbot.i18n import N_, Translator
from cagbot.notify.broadcasts import BroadcastReport
from cagbot.notify.polls import parse_poll
from cagbot.notify.when import WhenError, parse_when
from cagbot.store.outbox import Outgoing, Rendered
from cagbot.store.schedules import AlreadyDecided, Planned
from cagbot.views import broadcast as bv
from cagbot.views import broadcast_planned as bp
from cagbot.views import polls as pv

log = logging.getLogger(__name__)
GROUP = HandlerGroup.STAFF_AND_CHATS
#: Seconds between looks for scheduled broadcasts that are due.
FIRE_EVERY = 30.0
#: Scheduled and running broadcasts /broadcasts lists at most (each).
LISTED = 15
#: How many of the latest polls /broadcasts shows the totals of.
LISTED_POLLS = 3


def when_text(t: Translator, planned: Planned) -> str | None:
    if planned.fire_at is None:
        return None
    zone = planned.timezone or "Europe/Stockholm"
    return bv.local_time(t, datetime.fromtimestamp(planned.fire_at, ZoneInfo(zone)), zone)


# -- from the draft: scheduled, or submitted for approval -------------------------------------


async def take_when(message: Message, context: BotContext, t: Translator, draft: Draft) -> None:
    """The draft's WHEN state (compose.STATES): the local time of a scheduled send (or,
    for an editor, of a submitted one)."""
    text = message.text or ""
    service = context.services.broadcasts
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
        await reply_html(message, answer, drafts.only_cancel(t, draft.token))
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
        poll=draft.poll,
    )
    await _keep_flags(context, planned_id, draft)
    if staff:
        await reply_html(
            message, bv.scheduled(t, planned_id, bv.local_time(t, when.local, draft.zone))
        )
        return
    await _submit(context, planned_id, user.full_name)
    await reply_html(message, bv.submitted(t, planned_id))


async def submit_now(update: Update, context: BotContext, t: Translator, draft: Draft) -> None:
    """An editor's confirmed draft: planned without a time, and sent to staff to approve."""
    user = update.effective_user
    service = context.services.broadcasts
    assert user is not None
    assert draft.audience is not None
    assert service is not None
    planned_id = await service.schedules.plan(
        drafted_by=user.id,
        texts=draft.texts,
        photo=draft.photo,
        audience=draft.audience,
        fire_at=None,
        timezone=None,
        approved_by=None,
        poll=draft.poll,
    )
    await _keep_flags(context, planned_id, draft)
    await _submit(context, planned_id, user.full_name)
    await edit_or_send(update, bv.submitted(t, planned_id))


async def _keep_flags(context: BotContext, planned_id: int, draft: Draft) -> None:
    """A planned broadcast stays urgent or protected until it fires."""
    if draft.urgent or draft.protect:
        await context.services.store.quiet_hours.set_planned_flags(
            planned_id, urgent=draft.urgent, protect=draft.protect
        )


async def _submit(context: BotContext, planned_id: int, author: str) -> None:
    """Submit a planned draft to staff with its recipient count."""
    service = context.services.broadcasts
    plan = await context.services.store.schedules.get(planned_id)
    assert service is not None
    assert plan is not None
    preview = await service.preview(plan.texts, plan.audience, photo=plan.photo, poll=plan.poll)
    audience = plan.audience

    def label(t: Translator) -> str:  # in the language of the staff member it goes to
        return drafts.audience_label(t, context.services.lexicon, audience)

    await submit(context.application, plan, author, label, preview.recipients)


# -- approval of editors' drafts --------------------------------------------------------------


async def submit(
    app: App, planned: Planned, author: str, audience: Callable[[Translator], str], n: int
) -> None:
    """Send staff the draft (each text, as it will look) and the approve/reject buttons,
    the request wholly in each staff member's language (``audience`` renders in it)."""
    settings = app.bot_data.settings
    texts = dict.fromkeys(planned.texts.values())
    urgent, protect = await app.bot_data.store.quiet_hours.planned_flags(planned.id)
    for admin_id in sorted(settings.admin_ids):
        for text in texts:
            shown = text
            if planned.poll:  # shown as the preview shows it: the poll's lines are not HTML
                poll = parse_poll(text)
                shown = pv.preview(poll.question, poll.options)
            await tell(app, admin_id, _as_is(shown, planned.photo))

        def request(t: Translator) -> Outgoing:
            return Rendered(
                bp.approval_request(
                    t,
                    planned.id,
                    author,
                    audience(t),
                    n,
                    when_text(t, planned),
                    urgent=urgent,
                    protect=protect,
                ),
                reply_markup=approval_keyboard(t, planned.id).to_dict(),
            )

        await tell(app, admin_id, request)


def _as_is(text: str, photo: str | None) -> Callable[[Translator], Outgoing]:
    def render(t: Translator) -> Outgoing:
        return Rendered(text, photo=photo)

    return render


async def planned_button(update: Update, context: BotContext) -> None:
    press = await staff_press(update, context, "broadcast approval", "bp")
    if press is None:
        return
    query, user, t, pressed = press
    planned_id, action = pressed.int_arg(0), pressed.args[1]
    store = context.services.store
    await query.answer()
    if action == "x":
        done = await store.schedules.decide(planned_id, user.id, "cancelled")
        await edit_or_send(
            update,
            bp.planned_cancelled(t, planned_id) if done else bp.already_decided(t, planned_id),
        )
        raise ApplicationHandlerStop
    if action == "no":
        planned = await store.schedules.get(planned_id)
        if planned is None or not await store.schedules.decide(planned_id, user.id, "rejected"):
            await edit_or_send(update, bp.already_decided(t, planned_id))
            raise ApplicationHandlerStop
        await edit_or_send(update, bp.rejected(t, planned_id))
        await tell(context.application, planned.drafted_by, lambda t: bp.rejected(t, planned_id))
        raise ApplicationHandlerStop
    try:
        planned = await store.schedules.approve(planned_id, user.id)
    except AlreadyDecided:
        await edit_or_send(update, bp.already_decided(t, planned_id))
        raise ApplicationHandlerStop from None
    service = sending.service(context.application)
    if planned.fire_at is not None and planned.fire_at > service.clock():
        await edit_or_send(update, bp.approved(t, planned_id, None, when_text(t, planned)))
        await tell(
            context.application,
            planned.drafted_by,
            lambda t: bp.approved(t, planned_id, None, when_text(t, planned)),
        )
        raise ApplicationHandlerStop
    outcome = await service.fire(planned)
    if outcome is None:
        await edit_or_send(update, bp.already_decided(t, planned_id))
        raise ApplicationHandlerStop
    broadcast_id, recipients = outcome
    report = BroadcastReport(broadcast_id, recipients, 0, 0, 0, recipients)
    status = await edit_or_send(
        update, bv.progress(t, report, False), sending.control_keyboard(t, report)
    )
    # The author (an editor) follows it too, down to the final report.
    author = await open_progress(
        context.application,
        planned.drafted_by,
        report,
        heading=lambda t: bp.approved(t, planned_id, broadcast_id, None),
        controls=planned.drafted_by in context.services.settings.admin_ids,
    )
    also = [author[0]] if author is not None else []
    if status is not None:
        sending.follow(context.application, t, report, *status, also=also)
    elif also:
        runtime_of(context.application).follow(broadcast_id, recipients, also[0])
    raise ApplicationHandlerStop


# -- pause, resume, cancel ------------------------------------------------------------------


async def broadcasts_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    _, t, _ = await gate(update, context, "broadcasts")
    store = context.services.store
    service = sending.service(context.application)
    # The soonest few of each: one message and one keyboard must stay within Telegram's
    # limits however many there are.
    planned = (await store.schedules.open())[:LISTED]
    running = [
        await service.progress(broadcast_id, 0)
        for broadcast_id in (await store.outbox.unfinished_broadcasts())[:LISTED]
    ]
    when = {item.id: text for item in planned if (text := when_text(t, item))}
    await message.reply_text(
        bp.overview(t, planned, when, running),
        parse_mode=ParseMode.HTML,
        reply_markup=overview_keyboard(t, planned, running),
    )
    # The latest polls' totals, each in a message of its own (Telegram's length limit).
    for broadcast_id in await store.polls.latest(LISTED_POLLS):
        totals = await store.polls.totals(broadcast_id)
        await message.reply_text(pv.results(t, broadcast_id, totals), parse_mode=ParseMode.HTML)
    raise ApplicationHandlerStop


# -- their buttons ---------------------------------------------------------------------------


def approval_keyboard(t: Translator, planned_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    bp.approve_label(t), callback_data=encode("bp", planned_id, "ok")
                ),
                InlineKeyboardButton(
                    bp.reject_label(t), callback_data=encode("bp", planned_id, "no")
                ),
            ]
        ]
    )


def overview_keyboard(
    t: Translator, planned: Sequence[Planned], running: Sequence[BroadcastReport]
) -> InlineKeyboardMarkup | None:
    rows = [
        [
            InlineKeyboardButton(
                bp.cancel_planned_label(t, item.id), callback_data=encode("bp", item.id, "x")
            )
        ]
        for item in planned
    ]
    for report in running:
        markup = sending.control_keyboard(t, report)
        if markup is not None:
            rows += [list(row) for row in markup.inline_keyboard]
    return InlineKeyboardMarkup(rows) if rows else None


# -- scheduled sends ------------------------------------------------------------------------


async def fire_due(app: App) -> int:
    """Fire the scheduled broadcasts whose time has come. Its author, and whoever approved
    it if someone else, each get a progress message saying it is going out now, kept up
    to date down to the final report. How many fired. Run by a job; tests call it with a
    controlled clock."""
    service = sending.service(app)
    fired = await service.fire_due()
    for planned, broadcast_id, recipients in fired:
        await _going_out(app, planned, broadcast_id, recipients)
    if fired and runtime_of(app).dispatcher is not None:
        runtime_of(app).dispatcher.wake()  # type: ignore[union-attr]
    return len(fired)


async def _going_out(app: App, planned: Planned, broadcast_id: int, recipients: int) -> None:
    report = BroadcastReport(broadcast_id, recipients, 0, 0, 0, recipients)
    staff = app.bot_data.settings.admin_ids
    people = [planned.drafted_by]
    if planned.approved_by is not None and planned.approved_by != planned.drafted_by:
        people.append(planned.approved_by)
    hooks: list[ProgressHook] = []
    stored: tuple[int, int, str] | None = None
    # Staff first: theirs is the message a restarted bot goes on editing (with controls).
    for person in sorted(people, key=lambda person: person not in staff):
        own = person == planned.drafted_by

        def heading(t: Translator, own: bool = own) -> str:
            return bp.going_out(t, planned.id, broadcast_id, own=own)

        opened = await open_progress(app, person, report, heading=heading, controls=person in staff)
        if opened is not None:
            hooks.append(opened[0])
            stored = stored or opened[1]
    runtime_of(app).follow(
        broadcast_id, recipients, all_of(hooks) if hooks else None, progress=stored
    )


async def _fire_job(context: BotContext) -> None:
    await fire_due(context.application)


async def _schedule_job(app: BotApp) -> None:
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            _fire_job, interval=FIRE_EVERY, first=FIRE_EVERY, name="broadcasts"
        )


def register(app: BotApp) -> None:
    app.add_handler(CommandHandler("broadcasts", broadcasts_command), group=GROUP)
    app.add_handler(
        CallbackQueryHandler(planned_button, pattern=callbacks.pattern("bp")), group=GROUP
    )
    app.bot_data.on_startup(_schedule_job)
    app.bot_data.add_command(
        "broadcasts", N_("Scheduled, awaiting and running broadcasts"), staff=True
    )
