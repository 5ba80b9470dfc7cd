"""Staff views of a broadcast going out: progress (with pause, resume and cancel), the
final report saying what happened, and /broadcasts (scheduled, awaiting, running)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cagbot.i18n import Translator
from cagbot.markup import bold, esc
from cagbot.records import BroadcastReport
from cagbot.store.schedules import Planned
from cagbot.views.notifications import still_retrying


def progress(t: Translator, report: BroadcastReport, done: bool) -> str:
    counts = {
        "id": report.broadcast_id,
        "sent": t.format_number(report.sent),
        "blocked": t.format_number(report.blocked),
        "failed": t.format_number(report.failed),
    }
    if report.state == "cancelled":
        return esc(
            # Translators: {id} is a number, e.g. 12; {sent}, {blocked}, {failed} are counts;
            # {withdrawn} is a count.
            t.ngettext(
                "⏹ Broadcast #{id} cancelled: {sent} sent, {blocked} blocked the bot, {failed} "
                "failed; {withdrawn} recipient never got it.",
                "⏹ Broadcast #{id} cancelled: {sent} sent, {blocked} blocked the bot, {failed} "
                "failed; {withdrawn} recipients never got it.",
                report.withdrawn,
            ).format(withdrawn=t.format_number(report.withdrawn), **counts)
        )
    if done:
        return esc(
            # Translators: {id} is a number, e.g. 12; {sent}, {blocked}, {failed} are counts.
            t.gettext(
                "✅ Broadcast #{id} finished: {sent} sent, {blocked} blocked the bot, "
                "{failed} failed."
            ).format(**counts)
        )
    finished = report.sent + report.blocked + report.failed
    # Translators: {id} is a number, e.g. 12; {done} is a count; {n} is a count; {sent}, {blocked},
    # {failed} are counts.
    line = t.ngettext(
        "📤 Broadcast #{id}: {done} of {n} recipient done ({sent} sent, {blocked} blocked, "
        "{failed} failed).",
        "📤 Broadcast #{id}: {done} of {n} recipients done ({sent} sent, {blocked} blocked, "
        "{failed} failed).",
        report.recipients,
    ).format(done=t.format_number(finished), n=t.format_number(report.recipients), **counts)
    if report.retrying:
        # Deliveries waiting out an outage are not failures: say so apart.
        line += "\n" + still_retrying(t, report.retrying)
    if report.night:
        # Translators: {n} is a count of recipients whose quiet hours hold the broadcast
        # until their morning (they chose "hold until morning").
        line += "\n" + t.ngettext(
            "🌙 {n} recipient waits for the morning (quiet hours)",
            "🌙 {n} recipients wait for the morning (quiet hours)",
            report.night,
        ).format(n=t.format_number(report.night))
    if report.state == "paused":
        # Translators: {n} is a count.
        line += " " + t.ngettext(
            "⏸ Paused: {n} message held.", "⏸ Paused: {n} messages held.", report.pending
        ).format(n=t.format_number(report.pending))
    return esc(line)


def pause_label(t: Translator) -> str:
    return t.gettext("⏸ Pause")


def resume_label(t: Translator) -> str:
    return t.gettext("▶️ Resume")


def stop_label(t: Translator) -> str:
    return t.gettext("⏹ Cancel the rest")


def control_refused(t: Translator) -> str:
    return t.gettext("This broadcast has already ended: nothing changed.")


def overview(
    t: Translator,
    planned: Sequence[Planned],
    when: Mapping[int, str],
    running: Sequence[BroadcastReport],
) -> str:
    """/broadcasts: scheduled and awaiting sends, and broadcasts going out or paused."""
    if not planned and not running:
        return esc(t.gettext("No broadcast is scheduled, awaiting approval or going out."))
    lines: list[str] = []
    if planned:
        lines.append(bold(t.gettext("Scheduled and awaiting approval")))
        for item in planned:
            if item.status == "awaiting_approval":
                state = t.gettext("awaiting approval")
            else:
                state = when.get(item.id) or t.gettext("at once")
            lines.append(esc(f"#{item.id}: {state}"))
    if running:
        lines.append(bold(t.gettext("Going out now")))
        lines += [progress(t, report, False) for report in running]
    return "\n".join(lines)


def cancel_planned_label(t: Translator, planned_id: int) -> str:
    # Translators: {id} is a number, e.g. 12.
    return t.gettext("Cancel #{id}").format(id=planned_id)


def going_out(t: Translator, planned_id: int, broadcast_id: int, *, own: bool) -> str:
    """The heading of the progress message a scheduled broadcast's author (``own``) or its
    approver gets when it starts: what happened, never "approved" for one's own."""
    if own and planned_id == broadcast_id:
        # Translators: {id} is a number, e.g. 12.
        text = t.gettext("⏰ Your scheduled broadcast #{id} is going out now.")
    elif own:
        # Translators: {id} and {broadcast} are numbers, e.g. 12.
        text = t.gettext(
            "⏰ Your scheduled broadcast #{id} is going out now as broadcast #{broadcast}."
        )
    elif planned_id == broadcast_id:
        # Translators: {id} is a number, e.g. 12.
        text = t.gettext("⏰ Scheduled broadcast #{id}, which you approved, is going out now.")
    else:
        # Translators: {id} and {broadcast} are numbers, e.g. 12.
        text = t.gettext(
            "⏰ Scheduled broadcast #{id}, which you approved, is going out now as "
            "broadcast #{broadcast}."
        )
    return esc(text.format(id=planned_id, broadcast=broadcast_id))
