"""Staff views of /broadcast from the draft to the report: composing, the labelled
preview, scheduling, then the broadcast going out (progress with pause, resume and cancel)
and the final report saying what happened. Button labels are here too; the keyboards are
built in :mod:`cagbot.bot.staff.broadcast` (drafts.py, sending.py). Broadcasts that wait
(approval, /broadcasts, a scheduled one going out) speak in views/broadcast_planned.py."""

from __future__ import annotations

from datetime import datetime

from cagbot.i18n import Translator
from cagbot.markup import esc
from cagbot.records import BroadcastReport, Preview
from cagbot.settings import LANGUAGES
from cagbot.views.labels import in_language, language_name, sentence
from cagbot.views.notifications import still_retrying


def ask_common_text(t: Translator) -> str:
    return esc(
        t.gettext(
            "📣 New broadcast. Send me the announcement as one message; formatting is kept. "
            "A photo with a caption goes out as a photo. Everyone gets this text, or write "
            "one per language. /cancel stops."
        )
    )


def ask_language_text(t: Translator, code: str) -> str:
    return esc(
        # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru: «шведский»).
        t.gettext(
            "Send the text for readers of {language}, or skip: they then get another version."
        ).format(language=language_name(t, code))
    )


def ask_audience(t: Translator) -> str:
    return esc(t.gettext("Who should get it?"))


def ask_topic(t: Translator) -> str:
    return esc(t.gettext("Which topic?"))


def ask_when(t: Translator, zone: str) -> str:
    return esc(
        # Translators: {zone_time} is "Stockholm time" or "Bishkek time".
        t.gettext(
            "When should it go out? Write the date and the time ({zone_time}), for example "
            "24.12.2026 18:00 or 2026-12-24 18:00."
        ).format(zone_time=zone_time(t, zone))
    )


def when_unreadable(t: Translator) -> str:
    return esc(
        t.gettext(
            "I could not read that date and time. Write it like 24.12.2026 18:00, or /cancel."
        )
    )


def when_past(t: Translator) -> str:
    return esc(t.gettext("That moment has already passed: choose a time in the future."))


def private_only(t: Translator) -> str:
    return esc(t.gettext("Please start a broadcast in a private chat with me."))


def cancelled(t: Translator) -> str:
    return esc(t.gettext("Broadcast cancelled: nothing was sent."))


def nothing_to_cancel(t: Translator) -> str:
    return esc(t.gettext("There is nothing to cancel."))


def discarded(t: Translator) -> str:
    return esc(t.gettext("Your broadcast draft was discarded: nothing was sent."))


def expired(t: Translator) -> str:
    return esc(
        t.gettext(
            "Your broadcast draft expired and was discarded: nothing was sent. "
            "Start again with /broadcast."
        )
    )


def unsendable(t: Translator) -> str:
    return esc(t.gettext("This text cannot be sent: it is empty or too long."))


def caption_too_long(t: Translator, limit: int) -> str:
    return esc(
        # Translators: {limit} is a number of characters.
        t.gettext(
            "A photo's caption can be at most {limit} characters. Send a shorter caption, "
            "or the text without the photo."
        ).format(limit=t.format_number(limit))
    )


def caption_missing(t: Translator) -> str:
    return esc(t.gettext("Please send the photo again with the announcement as its caption."))


def not_a_text(t: Translator) -> str:
    return esc(
        t.gettext(
            "I can broadcast a text, or one photo with a caption. Send one of those, or /cancel."
        )
    )


def preview_header(t: Translator) -> str:
    return esc(t.gettext("Preview — this is exactly what they will get:"))


def version_label(t: Translator, preview: Preview, text: str) -> str:
    """The line above one version of the preview: which languages get it, how many of
    their readers, and for a language without a text of its own, that it falls back."""
    parts = []
    for code in LANGUAGES:
        if preview.per_language[code] != text:
            continue
        count = t.format_number(preview.by_language.get(code, 0))
        foreign = preview.foreign.get(code)
        if foreign is None:
            parts.append(
                # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru:
                # «шведский»); {n} is a count.
                t.gettext("{language}: {n}").format(language=language_name(t, code), n=count)
            )
        else:
            parts.append(
                # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru:
                # «шведский»); {n} is a count; {in_source} is e.g. "in English" (ru «на
                # английском»): the text these readers get, marked 🌐 as not theirs.
                t.gettext(
                    "{language}: {n} (no text of their own: they get it {in_source}, marked 🌐)"
                ).format(
                    language=language_name(t, code), n=count, in_source=in_language(t, foreign)
                )
            )
    return "👁 " + esc(sentence("; ".join(parts)))


def audience_label(t: Translator, kind: str, value: str | None, topic_label: str) -> str:
    if kind == "language":
        # Translators: {language} is a language's name as a noun, e.g. "Swedish" (ru: «шведский»).
        return t.gettext("readers of {language}").format(language=language_name(t, value or ""))
    if kind == "topic":
        # Translators: {topic} is a topic's name.
        return t.gettext("subscribers of the topic {topic}").format(topic=topic_label)
    return t.gettext("all subscribers")


def summary(
    t: Translator,
    audience: str,
    preview: Preview,
    *,
    editor: bool,
    urgent: bool = False,
    protect: bool = False,
) -> str:
    n = preview.recipients
    lines = [
        # Translators: {audience} is e.g. "all subscribers" or "readers of Swedish".
        esc(t.gettext("Audience: {audience}").format(audience=audience)),
        esc(
            # Translators: {n} is a count.
            t.ngettext("It will reach {n} subscriber.", "It will reach {n} subscribers.", n).format(
                n=t.format_number(n)
            )
        ),
    ]
    if not n:
        lines.append(esc(t.gettext("Nobody matches this audience: choose another.")))
        return "\n".join(lines)
    lines += [esc(urgency_line(t, urgent)), esc(protection_line(t, protect))]
    if editor:
        lines.append(esc(t.gettext("CAG staff review it before anything is sent.")))
    return "\n".join(lines)


def urgency_line(t: Translator, urgent: bool) -> str:
    """What quiet hours do with the broadcast (the preview says it either way)."""
    if urgent:
        return t.gettext("🚨 Urgent: it rings even during subscribers' quiet hours.")
    return t.gettext(
        "Not urgent: during quiet hours it arrives without sound or in the morning, "
        "as each subscriber chose."
    )


def protection_line(t: Translator, protect: bool) -> str:
    if protect:
        return t.gettext("🔒 Do not forward: recipients cannot forward or save it.")
    return t.gettext("Recipients may forward it.")


def urgent_label(t: Translator, urgent: bool) -> str:
    # Translators: a toggle button under the broadcast preview; short. ✅ marks it on.
    label = t.pgettext("button", "🚨 Urgent")
    return f"✅ {label}" if urgent else label


def protect_label(t: Translator, protect: bool) -> str:
    # Translators: a toggle button under the broadcast preview (protect_content); short.
    label = t.pgettext("button", "🔒 Do not forward")
    return f"✅ {label}" if protect else label


def send_now_label(t: Translator, n: int) -> str:
    # Translators: {n} is a count.
    return t.ngettext("Send to {n} subscriber", "Send to {n} subscribers", n).format(
        n=t.format_number(n)
    )


def submit_label(t: Translator) -> str:
    return t.gettext("Submit for approval")


def schedule_label(t: Translator, zone: str) -> str:
    # The two buttons share a row: each names its city first, where a phone cannot cut it.
    if zone == "Asia/Bishkek":
        # Translators: a button (keep it short); send later, the time given in Bishkek time.
        return t.gettext("🕒 Later (Bishkek time)")
    # Translators: a button (keep it short); send later, the time given in Stockholm time.
    return t.gettext("🕒 Later (Stockholm time)")


def zone_time(t: Translator, zone: str) -> str:
    if zone == "Asia/Bishkek":
        # Translators: as in "18:00 Bishkek time".
        return t.gettext("Bishkek time")
    # Translators: as in "18:00 Stockholm time".
    return t.gettext("Stockholm time")


def local_time(t: Translator, moment: datetime, zone: str) -> str:
    local = t.in_zone(zone)
    # Translators: {date} is a date in the reader's short format (ru 24.12.2026, sv
    # 2026-12-24, en 24/12/2026) and {time} like 18:00; {zone_time} is "Stockholm time"
    # or "Bishkek time".
    return t.gettext("{date} {time} ({zone_time})").format(
        date=local.format_date(moment, "short"),
        time=local.format_time(moment, "short"),
        zone_time=zone_time(t, zone),
    )


def scheduled(t: Translator, planned_id: int, when: str) -> str:
    return esc(
        # Translators: {id} is a number, e.g. 12; {when} is a date and time, e.g. "24.12.2026 18:00
        # (Bishkek time)".
        t.gettext(
            "🕒 Broadcast #{id} is scheduled for {when}. /broadcasts lists scheduled sends "
            "and cancels them."
        ).format(id=planned_id, when=when)
    )


def submitted(t: Translator, planned_id: int) -> str:
    return esc(
        # Translators: {id} is a number, e.g. 12.
        t.gettext(
            "📨 Draft #{id} went to CAG staff for approval. I will tell you what they decide."
        ).format(id=planned_id)
    )


# -- going out: progress, pause, resume, cancel, the final report ------------------------


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
