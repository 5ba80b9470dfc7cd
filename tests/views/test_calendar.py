"""The deadline calendar file: RFC 5545 that icalendar reads back, in the reader's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar

from cagbot.i18n import I18n
from cagbot.models import OpportunityDetails, Post
from cagbot.views.calendar import deadline_calendar

I18N = I18n.load()
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _call(deadline: date | None, apply_url: str = "mailto:apply@centralasien.se") -> Post:
    return Post(
        id=5,
        key="k",
        title="Internship in Osh",
        summary="Two months.",
        language="en",
        source="test",
        kind="opportunity",
        url="https://centralasien.se/osh",
        guid=None,
        published=NOW,
        topics=(),
        countries=(),
        opportunity=OpportunityDetails(type="internship", deadline=deadline, apply_url=apply_url),
        created_at=NOW,
        updated_at=NOW,
    )


def test_the_deadline_is_the_last_minute_of_the_day_in_the_readers_zone() -> None:
    t = I18N.get("sv").in_zone("Asia/Bishkek")
    made = deadline_calendar(t, _call(date(2027, 7, 1)), bot="cag_bot", now=NOW)
    assert made is not None
    assert made.filename == "deadline-5.ics"
    calendar = icalendar.Calendar.from_ical(made.data)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.isoformat() == "2027-07-01T23:59:00+06:00"
    assert str(event["summary"]) == t.gettext("Deadline: {title}").format(title="Internship in Osh")
    description = str(event["description"])
    assert "apply@centralasien.se" in description
    assert "https://t.me/cag_bot?start=post_5" in description
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(days=3)
    assert "Internship in Osh" in made.caption


def test_summer_and_winter_offsets_follow_the_zone() -> None:
    t = I18N.get("en").in_zone("Europe/Stockholm")
    for day, hours in ((date(2027, 7, 1), 2), (date(2027, 1, 15), 1)):
        made = deadline_calendar(t, _call(day), now=NOW)
        assert made is not None
        [event] = icalendar.Calendar.from_ical(made.data).walk("VEVENT")
        assert event.decoded("dtstart").utcoffset() == timedelta(hours=hours)


def test_no_deadline_no_file() -> None:
    assert deadline_calendar(I18N.get("ru"), _call(None), now=NOW) is None
