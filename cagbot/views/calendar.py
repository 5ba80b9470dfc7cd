"""A call's deadline as a calendar file ("📅 Add to calendar"): an RFC 5545 ``.ics``
made with the icalendar library, in the reader's time zone.

The deadline is the last day to apply, so the event is that day at 23:59 local time (an
event without an end, which calendars show as a moment), with its VTIMEZONE so any
calendar places it right, and an alarm :data:`~cagbot.store.reminders.REMINDER_DAYS`
days before: the same lead as the bot's own "🔔 Remind me".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from cagbot.i18n import Translator
from cagbot.markup import esc, one_line, truncate
from cagbot.models import Post
from cagbot.store.reminders import REMINDER_DAYS
from cagbot.timezones import zone
from cagbot.views.opportunities import application_mail, application_url

#: When on the last day an application is taken as late (local time).
DEADLINE_TIME = time(23, 59)
_TITLE = 120


@dataclass(frozen=True, slots=True)
class CalendarFile:
    filename: str
    data: bytes
    caption: str  # Telegram HTML


def deadline_moment(t: Translator, post: Post) -> datetime | None:
    """The deadline as an aware datetime in the reader's zone, or None (no deadline)."""
    details = post.opportunity
    if details is None or details.deadline is None:
        return None
    return datetime.combine(details.deadline, DEADLINE_TIME, tzinfo=zone(t.time_zone))


def deadline_calendar(
    t: Translator, post: Post, *, bot: str | None = None, now: datetime | None = None
) -> CalendarFile | None:
    """The .ics file of a call's deadline, or None for a post without one."""
    moment = deadline_moment(t, post)
    details = post.opportunity
    if moment is None or details is None:
        return None
    title = truncate(one_line(post.text_for(t.language).title), _TITLE)
    # Translators: the title of a calendar event; {title} is the call's title.
    summary = t.gettext("Deadline: {title}").format(title=title)
    link = application_url(details) or post.url
    mail = application_mail(details)
    lines = [summary]
    if mail is not None:
        # Translators: in a calendar event; {address} is an e-mail address.
        lines.append(t.gettext("Apply by e-mail: {address}").format(address=mail.address))
    if link:
        lines.append(link)
    if bot:
        lines.append(f"https://t.me/{bot}?start=post_{post.id}")

    # Imported here: icalendar takes about 0.1 s to import, which the bot's start-up (every
    # /start imports this module) should not pay for a button few press.
    import icalendar

    event = icalendar.Event()
    event.add("uid", f"cagbot-deadline-{post.id}@{bot or 'cagbot'}")
    event.add("dtstamp", now or datetime.now(UTC))
    event.add("dtstart", moment)
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    if link:
        event.add("url", link)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -timedelta(days=REMINDER_DAYS))
    event.add_component(alarm)

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Centralasiengrupperna//cagbot//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    calendar.add_missing_timezones()  # the VTIMEZONE of the reader's zone
    caption = esc(
        # Translators: the caption of a calendar file; {title} is the call's title.
        t.gettext("📅 The deadline of “{title}”: open the file to add it to your calendar.")
    ).format(title=esc(title))
    return CalendarFile(f"deadline-{post.id}.ics", calendar.to_ical(), caption)
