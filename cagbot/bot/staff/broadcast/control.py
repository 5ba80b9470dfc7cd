"""Broadcasts after the draft: progress with pause/resume/cancel, /broadcasts (scheduled,
awaiting approval, going out), approval of editors' drafts, and the job that fires
scheduled sends at their local time.

Every button re-checks the pressing user: only staff act; an editor or a stranger pressing
a forwarded or replayed button gets the staff-only refusal and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, CommandHandler

from cagbot import callbacks
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.notifications import NotifyRuntime, ProgressHook, runtime_of
from cagbot.bot.replies import edit_or_send
from cagbot.bot.staff.access import App, gate, staff_press, tell
from cagbot.bot.staff.broadcast import keyboards as kb
from cagbot.bot.staff.broadcast.progress import all_of, editor, open_progress, screen, show_now
from cagbot.i18n import N_, Translator
from cagbot.notify.broadcasts import BroadcastReport, BroadcastService
from cagbot.notify.polls import parse_poll
from cagbot.store.outbox import Outgoing, Rendered
from cagbot.store.schedules import AlreadyDecided, Planned
from cagbot.views import broadcast as bv
from cagbot.views import broadcast_status as bs
from cagbot.views import polls as pv

log = logging.getLogger(__name__)
GROUP = HandlerGroup.STAFF_AND_CHATS
#: Seconds between looks for scheduled broadcasts that are due.
FIRE_EVERY = 30.0
#: Scheduled and running broadcasts /broadcasts lists at most (each).
LISTED = 15
#: How many of the latest polls /broadcasts shows the totals of.
LISTED_POLLS = 3


def _runtime(app: App) -> NotifyRuntime:
    return runtime_of(app)


def _service(app: App) -> BroadcastService:
    service = _runtime(app).broadcasts
    if service is None:
        raise RuntimeError("notifications are not running")
    return service


def when_text(t: Translator, planned: Planned) -> str | None:
    if planned.fire_at is None:
        return None
    zone = planned.timezone or "Europe/Stockholm"
    return bv.local_time(t, datetime.fromtimestamp(planned.fire_at, ZoneInfo(zone)), zone)


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
    runtime = _runtime(app)
    if runtime.dispatcher is not None:
        runtime.dispatcher.wake()
    broadcast_id, recipients = report.broadcast_id, report.recipients
    hook = editor(app, chat_id, message_id, t.language, shown=screen(t, report, False))
    if also:
        hook = all_of([hook, *also])
    runtime.follow(broadcast_id, recipients, hook, progress=(chat_id, message_id, t.language))


async def start_now(update: Update, context: BotContext, t: Translator, **start: object) -> None:
    """Queue a broadcast and turn the pressed message into its live status."""
    query = update.callback_query
    assert query is not None
    assert query.message is not None
    service = _service(context.application)
    broadcast_id, recipients = await service.start(**start)  # type: ignore[arg-type]
    report = BroadcastReport(broadcast_id, recipients, 0, 0, 0, recipients)
    status = await edit_or_send(update, bs.progress(t, report, False), kb.controls(t, report))
    if status is not None:
        follow(context.application, t, report, *status)


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
                bv.approval_request(
                    t,
                    planned.id,
                    author,
                    audience(t),
                    n,
                    when_text(t, planned),
                    urgent=urgent,
                    protect=protect,
                ),
                reply_markup=kb.approval(t, planned.id).to_dict(),
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
            bv.planned_cancelled(t, planned_id) if done else bv.already_decided(t, planned_id),
        )
        raise ApplicationHandlerStop
    if action == "no":
        planned = await store.schedules.get(planned_id)
        if planned is None or not await store.schedules.decide(planned_id, user.id, "rejected"):
            await edit_or_send(update, bv.already_decided(t, planned_id))
            raise ApplicationHandlerStop
        await edit_or_send(update, bv.rejected(t, planned_id))
        await tell(context.application, planned.drafted_by, lambda t: bv.rejected(t, planned_id))
        raise ApplicationHandlerStop
    try:
        planned = await store.schedules.approve(planned_id, user.id)
    except AlreadyDecided:
        await edit_or_send(update, bv.already_decided(t, planned_id))
        raise ApplicationHandlerStop from None
    service = _service(context.application)
    if planned.fire_at is not None and planned.fire_at > service.clock():
        await edit_or_send(update, bv.approved(t, planned_id, None, when_text(t, planned)))
        await tell(
            context.application,
            planned.drafted_by,
            lambda t: bv.approved(t, planned_id, None, when_text(t, planned)),
        )
        raise ApplicationHandlerStop
    outcome = await service.fire(planned)
    if outcome is None:
        await edit_or_send(update, bv.already_decided(t, planned_id))
        raise ApplicationHandlerStop
    broadcast_id, recipients = outcome
    report = BroadcastReport(broadcast_id, recipients, 0, 0, 0, recipients)
    status = await edit_or_send(update, bs.progress(t, report, False), kb.controls(t, report))
    # The author (an editor) follows it too, down to the final report.
    author = await open_progress(
        context.application,
        planned.drafted_by,
        report,
        heading=lambda t: bv.approved(t, planned_id, broadcast_id, None),
        controls=planned.drafted_by in context.services.settings.admin_ids,
    )
    also = [author[0]] if author is not None else []
    if status is not None:
        follow(context.application, t, report, *status, also=also)
    elif also:
        _runtime(context.application).follow(broadcast_id, recipients, also[0])
    raise ApplicationHandlerStop


# -- pause, resume, cancel ------------------------------------------------------------------


async def control_button(update: Update, context: BotContext) -> None:
    press = await staff_press(update, context, "broadcast control", "bq")
    if press is None:
        return
    query, user, t, pressed = press
    broadcast_id, action = pressed.int_arg(0), pressed.args[1]
    service = _service(context.application)
    schedules = context.services.store.schedules
    if action == "p":
        changed = await schedules.pause(broadcast_id, user.id)
        dispatcher = _runtime(context.application).dispatcher
        if changed is not None and dispatcher is not None:
            # What this process claimed but has not sent yet is held too, before staff
            # are told it is paused: nothing more goes out after the answer.
            await dispatcher.hold(await schedules.claimed_rows(broadcast_id))
    elif action == "r":
        changed = await schedules.resume(broadcast_id, user.id)
        dispatcher = _runtime(context.application).dispatcher
        if dispatcher is not None:
            dispatcher.release(await schedules.claimed_rows(broadcast_id))
            dispatcher.wake()
    else:
        changed = await schedules.cancel(broadcast_id, user.id)
    if changed is None:
        await query.answer(bs.control_refused(t))
        raise ApplicationHandlerStop
    await query.answer()
    report = await service.progress(broadcast_id, 0)
    message = query.message
    if message is None:
        raise ApplicationHandlerStop
    await show_now(context.application, message.chat.id, message.message_id, t, report)
    raise ApplicationHandlerStop


async def broadcasts_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    _, t, _ = await gate(update, context, "broadcasts")
    store = context.services.store
    service = _service(context.application)
    # The soonest few of each: one message and one keyboard must stay within Telegram's
    # limits however many there are.
    planned = (await store.schedules.open())[:LISTED]
    running = [
        await service.progress(broadcast_id, 0)
        for broadcast_id in (await store.outbox.unfinished_broadcasts())[:LISTED]
    ]
    when = {item.id: text for item in planned if (text := when_text(t, item))}
    await message.reply_text(
        bs.overview(t, planned, when, running),
        parse_mode=ParseMode.HTML,
        reply_markup=kb.overview(t, planned, running),
    )
    # The latest polls' totals, each in a message of its own (Telegram's length limit).
    for broadcast_id in await store.polls.latest(LISTED_POLLS):
        totals = await store.polls.totals(broadcast_id)
        await message.reply_text(pv.results(t, broadcast_id, totals), parse_mode=ParseMode.HTML)
    raise ApplicationHandlerStop


# -- scheduled sends ------------------------------------------------------------------------


async def fire_due(app: App) -> int:
    """Fire the scheduled broadcasts whose time has come. Its author, and whoever approved
    it if someone else, each get a progress message saying it is going out now, kept up
    to date down to the final report. How many fired. Run by a job; tests call it with a
    controlled clock."""
    service = _service(app)
    fired = await service.fire_due()
    for planned, broadcast_id, recipients in fired:
        await _going_out(app, planned, broadcast_id, recipients)
    if fired and _runtime(app).dispatcher is not None:
        _runtime(app).dispatcher.wake()  # type: ignore[union-attr]
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
            return bs.going_out(t, planned.id, broadcast_id, own=own)

        opened = await open_progress(app, person, report, heading=heading, controls=person in staff)
        if opened is not None:
            hooks.append(opened[0])
            stored = stored or opened[1]
    _runtime(app).follow(
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
    # After a restart, the stored progress message of a running broadcast is edited on.
    runtime_of(app).resume_progress = lambda *where: editor(app, *where)
    app.add_handler(CommandHandler("broadcasts", broadcasts_command), group=GROUP)
    app.add_handler(
        CallbackQueryHandler(control_button, pattern=callbacks.pattern("bq")), group=GROUP
    )
    app.add_handler(
        CallbackQueryHandler(planned_button, pattern=callbacks.pattern("bp")), group=GROUP
    )
    app.bot_data.on_startup(_schedule_job)
    app.bot_data.add_command(
        "broadcasts", N_("Scheduled, awaiting and running broadcasts"), staff=True
    )
