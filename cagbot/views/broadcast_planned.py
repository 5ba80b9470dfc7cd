"""Staff views of broadcasts that wait: an editor's draft submitted for approval and its
decision, /broadcasts (scheduled, awaiting, running), and a scheduled one going out
(cagbot.bot.staff.broadcast.planned)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cagbot.i18n import Translator
from cagbot.markup import bold, esc
from cagbot.records import BroadcastReport
from cagbot.store.schedules import Planned
from cagbot.views.broadcast import progress, protection_line, urgency_line


def approval_request(
    t: Translator,
    planned_id: int,
    author: str,
    audience: str,
    n: int,
    when: str | None,
    *,
    urgent: bool = False,
    protect: bool = False,
) -> str:
    lines = [
        # Translators: {id} is a number, e.g. 12.
        bold(t.gettext("Broadcast draft #{id} awaits approval").format(id=planned_id)),
        # Translators: {author} is the editor's name in Telegram.
        esc(t.gettext("Drafted by: {author}").format(author=author)),
        # Translators: {audience} is e.g. "all subscribers" or "readers of Swedish".
        esc(t.gettext("Audience: {audience}").format(audience=audience)),
        esc(
            # Translators: {n} is a count.
            t.ngettext("It will reach {n} subscriber.", "It will reach {n} subscribers.", n).format(
                n=t.format_number(n)
            )
        ),
    ]
    if when:
        # Translators: {when} is a date and time, e.g. "24.12.2026 18:00 (Bishkek time)".
        lines.append(esc(t.gettext("Send at: {when}").format(when=when)))
    lines += [esc(urgency_line(t, urgent)), esc(protection_line(t, protect))]
    # The texts are sent first (bot/staff/broadcast/planned.submit), this request after them.
    lines.append(esc(t.gettext("The texts are in the messages above this one.")))
    return "\n".join(lines)


def approve_label(t: Translator) -> str:
    return t.gettext("✅ Approve")


def reject_label(t: Translator) -> str:
    return t.gettext("✖️ Reject")


def approved(t: Translator, planned_id: int, broadcast_id: int | None, when: str | None) -> str:
    if broadcast_id is None and when:
        return esc(
            # Translators: {id} is a number, e.g. 12; {when} is a date and time, e.g. "24.12.2026
            # 18:00 (Bishkek time)".
            t.gettext("✅ Draft #{id} approved: it goes out at {when}.").format(
                id=planned_id, when=when
            )
        )
    return esc(
        # Translators: {id} is a number, e.g. 12; {broadcast} is a broadcast's number.
        t.gettext("✅ Draft #{id} approved: it is going out as broadcast #{broadcast}.").format(
            id=planned_id, broadcast=broadcast_id
        )
    )


def rejected(t: Translator, planned_id: int) -> str:
    # Translators: {id} is a number, e.g. 12.
    return esc(t.gettext("✖️ Draft #{id} was not approved: nothing was sent.").format(id=planned_id))


def already_decided(t: Translator, planned_id: int) -> str:
    return esc(
        # Translators: {id} is a number, e.g. 12.
        t.gettext("Draft #{id} was already decided or cancelled: nothing changed.").format(
            id=planned_id
        )
    )


def planned_cancelled(t: Translator, planned_id: int) -> str:
    return esc(
        # Translators: {id} is a number, e.g. 12.
        t.gettext("Scheduled send #{id} cancelled: it will not go out.").format(id=planned_id)
    )


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
