"""What /mydata and /forget say, in the reader's language, as Telegram HTML.

Everything in :class:`~cagbot.store.privacy.PersonalData` is shown: the known columns of
the subscriber row with readable labels, and any column this module does not know yet
under its raw name, so the export never silently leaves something out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import CALLBACK_ANSWER_LIMIT, bold, esc, one_line, truncate
from cagbot.quiet_hours import DEFAULT_END, DEFAULT_START, MODES, QuietHours
from cagbot.store.privacy import Erased, PersonalData
from cagbot.views import (
    content_languages_line,
    frequency_line,
    language_name,
    quiet_hours_line,
    topic_labels,
)
from cagbot.views import saved_searches as saved_search_texts
from cagbot.views.call_filters import calls_line

TITLE_LIMIT: Final = 120
#: Subscriber columns rendered by :func:`_settings_lines` (everything else is listed raw).
_KNOWN_COLUMNS: Final = frozenset(
    {
        "chat_id",
        "chat_type",
        "language",
        "telegram_language",
        "content_languages",
        "opportunity_alerts",
        "frequency",
        "subscribed",
        "active",
        "created_at",
        "updated_at",
        "subscribed_at",
        "time_zone",
        "call_languages",
        "quiet_mode",
        "quiet_start",
        "quiet_end",
    }
)


def when(t: Translator, stamp: str | None) -> str:
    """``2026-09-01T10:15:00.000Z`` as date and time in the reader's zone (plain text)."""
    if not stamp:
        return "—"
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return t.format_datetime(moment, "short")


def _primary(code: str | None) -> str | None:
    """``ky`` of ``ky-KG``."""
    return code.strip().lower().replace("_", "-").split("-", 1)[0] or None if code else None


def _yes_no(t: Translator, value: object) -> str:
    return t.gettext("yes") if value else t.gettext("no")


def _language(t: Translator, code: object, missing: str) -> str:
    return language_name(t, str(code)) if code else missing


def _quiet_hours(row: dict[str, Any]) -> list[QuietHours]:
    """The row's quiet hours (none for a mode this cagbot does not know: listed raw)."""
    start, end = row.get("quiet_start", DEFAULT_START), row.get("quiet_end", DEFAULT_END)
    return [
        QuietHours(mode, int(start), int(end)) for mode in MODES if row.get("quiet_mode") == mode
    ]


def _settings_lines(
    t: Translator, lexicon: Lexicon, row: dict[str, Any], phone: str | None
) -> list[str]:
    frequency = str(row.get("frequency") or "instant")
    lines = [
        esc(t.gettext("Your Telegram id: {id}").format(id=row.get("chat_id"))),
        esc(
            # Translators: {language} is a language's name, or the "not set" below.
            t.gettext("Language you chose: {language}").format(
                language=_language(
                    t,
                    row.get("language"),
                    # Translators: the person has not chosen a language with /language.
                    t.pgettext("chosen language", "not set"),
                )
            )
        ),
        esc(
            # Translators: {language} is a language's name, or the "not set" below. The
            # phone's own language (e.g. Kyrgyz), which may differ from the bot's.
            t.gettext("Language your Telegram app reports: {language}").format(
                language=_language(
                    t,
                    # The phone's code as Telegram sends it now (ky), not the language the
                    # bot mapped it to (ru), which is the next line.
                    _primary(phone) or row.get("telegram_language"),
                    # Translators: the Telegram app did not tell the bot its language.
                    t.pgettext("Telegram language", "not set"),
                )
            )
        ),
        esc(
            # Translators: {language} is a language's name: the language the bot writes in
            # for this person (ru for a Kyrgyz phone).
            t.gettext("Language I write to you in: {language}").format(
                language=language_name(t, t.language)
            )
        ),
        esc(
            # Translators: {zone} is an IANA name such as "Asia/Bishkek", or "not set".
            t.gettext("Time zone you chose: {zone}").format(
                zone=row["time_zone"]
                if row.get("time_zone")
                # Translators: no time zone chosen; the default of the language applies.
                else t.pgettext("time zone", "not set")
            )
        ),
        esc(
            t.gettext("Subscribed to notifications: {answer}").format(
                answer=_yes_no(t, row.get("subscribed"))
            )
        ),
        esc(content_languages_line(t, str(row.get("content_languages")), None)),
        esc(
            t.gettext("Opportunity alerts: on")
            if row.get("opportunity_alerts")
            else t.gettext("Opportunity alerts: off")
        ),
        esc(frequency_line(t, frequency)),
        *(esc(quiet_hours_line(t, quiet)) for quiet in _quiet_hours(row)),
        esc(
            t.gettext("Reachable (you have not blocked the bot): {answer}").format(
                answer=_yes_no(t, row.get("active"))
            )
        ),
        esc(t.gettext("First contact: {when}").format(when=when(t, row.get("created_at")))),
        esc(t.gettext("Last change: {when}").format(when=when(t, row.get("updated_at")))),
    ]
    # "since" only beside "subscribed: yes": a paused subscription keeps the old stamp.
    if row.get("subscribed") and row.get("subscribed_at"):
        lines.append(
            esc(t.gettext("Subscribed since: {when}").format(when=when(t, row["subscribed_at"])))
        )
    for column in sorted(set(row) - _KNOWN_COLUMNS):
        lines.append(esc(f"{column}: {one_line(str(row[column]))}"))
    return lines


def my_data_parts(
    t: Translator, lexicon: Lexicon, data: PersonalData, phone: str | None = None
) -> list[str]:
    """The whole export as messages that each fit a phone screen: the settings, then the
    rest (topics, reminders, records); a long export is split further by the sender."""
    header = bold(t.gettext("What I store about you"))
    if data.empty:
        return [header + "\n" + esc(t.gettext("Nothing: I have no data stored about you."))]
    head = [header]
    if data.subscriber is not None:
        head.append("\n".join(_settings_lines(t, lexicon, data.subscriber, phone)))
    # The short facts after the settings go without blank lines between them.
    blocks: list[str] = []
    topics = topic_labels(t, lexicon, data.topics)
    blocks.append(
        esc(t.gettext("Topics: {topics}").format(topics=t.format_names(topics)))
        if topics
        else esc(t.gettext("Topics: none chosen yet"))
    )
    if data.subscriber is not None or data.call_kinds or data.call_places:
        languages = str((data.subscriber or {}).get("call_languages") or "all")
        blocks.append(esc(calls_line(t, lexicon, data.call_kinds, data.call_places, languages)))
    n = len(data.reminders)
    lines = [esc(t.ngettext("{n} deadline reminder", "{n} deadline reminders", n).format(n=n))]
    for reminder in data.reminders:
        status = (
            t.gettext("sent {when}").format(when=when(t, reminder.reminded_at))
            if reminder.reminded_at
            else t.gettext("waiting")
        )
        title = esc(truncate(one_line(reminder.title), TITLE_LIMIT)) or f"#{reminder.post_id}"
        lines.append(f"• {title} ({esc(status)})")
    blocks.append("\n".join(lines))
    if data.saved_searches:
        blocks.append("\n".join(saved_search_texts.my_data_lines(t, data.saved_searches)))
    n = data.digest_items
    blocks.append(
        esc(
            t.ngettext(
                "{n} post waiting for your next digest",
                "{n} posts waiting for your next digest",
                n,
            ).format(n=n)
        )
    )
    n = sum(data.deliveries.values())
    delivered = [
        esc(
            t.ngettext(
                "{n} notification record (which message, when, whether it arrived)",
                "{n} notification records (which message, when, whether it arrived)",
                n,
            ).format(n=n)
        )
    ]
    blocks.append("\n".join(delivered))
    if data.questions:
        blocks.append(
            esc(
                t.ngettext(
                    "{n} question you asked CAG: only when it was asked and answered; its "
                    "text is not kept here, only in CAG's staff chat",
                    "{n} questions you asked CAG: only when they were asked and answered; "
                    "their texts are not kept here, only in CAG's staff chat",
                    data.questions,
                ).format(n=data.questions)
            )
        )
    if data.broadcasts:
        n = len(data.broadcasts)
        lines = [
            esc(
                t.ngettext(
                    "{n} broadcast you sent as staff (kept as the organisation's record):",
                    "{n} broadcasts you sent as staff (kept as the organisation's record):",
                    n,
                ).format(n=n)
            )
        ]
        for broadcast in data.broadcasts:
            recipients = t.ngettext("{n} recipient", "{n} recipients", broadcast.recipients).format(
                n=broadcast.recipients
            )
            line = f"#{broadcast.broadcast_id}, {when(t, broadcast.created_at)}, {recipients}"
            lines.append("• " + esc(line))
        blocks.append("\n".join(lines))
    footer = esc(
        t.gettext(
            "Nothing else: no name, no username, no message you wrote. "
            "Use /forget to erase all of this."
        )
    )
    return ["\n".join(head), "\n".join(blocks) + "\n\n" + footer]


def private_only(t: Translator) -> str:
    return esc(t.gettext("To keep your data private, send me this command in a private chat."))


def nothing_to_forget(t: Translator) -> str:
    return esc(t.gettext("Nothing: I have no data stored about you."))


def forget_prompt(t: Translator) -> str:
    return "\n\n".join(
        [
            bold(t.gettext("Erase everything I store about you?")),
            esc(
                t.gettext(
                    "Your settings, topics, reminders, saved searches and the records of "
                    "notifications sent to you are deleted at once, and I stop sending you "
                    "anything. This cannot be undone; you can start again any time with /start."
                )
            ),
        ]
    )


def forget_yes(t: Translator) -> str:
    return t.gettext("Yes, erase everything")


def forget_no(t: Translator) -> str:
    return t.gettext("No, keep it")


def forgotten(t: Translator, erased: Erased) -> str:
    if erased.total == 0:
        return esc(t.gettext("There was nothing stored about you, so nothing was erased."))
    parts = []
    # Nothing is said of what there was none of ("0 reminders").
    if erased.topics:
        # Translators: the object of "I erased ..." (Russian: accusative, «1 тему»).
        parts.append(
            t.npgettext("erased", "{n} topic", "{n} topics", erased.topics).format(
                n=t.format_number(erased.topics)
            )
        )
    if erased.reminders:
        # Translators: the object of "I erased ..." (Russian: accusative).
        parts.append(
            t.npgettext("erased", "{n} reminder", "{n} reminders", erased.reminders).format(
                n=t.format_number(erased.reminders)
            )
        )
    if erased.saved_searches:
        # Translators: the object of "I erased ..." (Russian: accusative).
        parts.append(
            t.npgettext(
                "erased", "{n} saved search", "{n} saved searches", erased.saved_searches
            ).format(n=t.format_number(erased.saved_searches))
        )
    if erased.deliveries:
        # Translators: the object of "I erased ..." (Russian: accusative).
        parts.append(
            t.npgettext(
                "erased", "{n} notification record", "{n} notification records", erased.deliveries
            ).format(n=t.format_number(erased.deliveries))
        )
    if erased.question_threads:
        # Translators: the object of "I erased ..." (Russian: accusative): Ask CAG threads
        # no longer lead to the person.
        parts.append(
            t.npgettext(
                "erased",
                "the link to {n} question thread with CAG",
                "the links to {n} question threads with CAG",
                erased.question_threads,
            ).format(n=t.format_number(erased.question_threads))
        )
    if not parts:
        return esc(t.gettext("Done: I erased your settings. I will send you nothing more."))
    # The settings are the list's first item: "settings, 1 topic and 3 records".
    # Translators: the first item of the list of what was erased ("I erased your
    # settings, 2 topics and 3 notification records").
    listed = t.format_list([t.gettext("your settings"), *parts])
    # Translators: {details} is a list made by the language's own rules, e.g. "your
    # settings, 1 topic and 3 notification records" (ru: accusative).
    done = t.gettext("Done: I erased {details}. I will send you nothing more.")
    return esc(done.format(details=listed))


def kept(t: Translator) -> str:
    return esc(t.gettext("Nothing was erased."))


def not_your_button(t: Translator) -> str:
    return truncate(t.gettext("Sorry, this button is not for you."), CALLBACK_ANSWER_LIMIT)
