"""The time zone line of /settings and the time zone picker."""

from __future__ import annotations

from datetime import datetime

from cagbot.i18n import Translator
from cagbot.markup import esc
from cagbot.timezones import city, utc_offset


def zone_label(t: Translator, name: str, now: datetime) -> str:
    """ "Бишкек (UTC+6)": the zone's city in the reader's language and its offset now."""
    return f"{city(name, t.language)} ({utc_offset(name, now)})"


def time_zone_line(t: Translator, now: datetime) -> str:
    # Translators: {zone} is a city and offset, e.g. "Bishkek (UTC+6)"; {time} the
    # reader's local time now, e.g. "14:05".
    return t.gettext("Time zone: {zone}, now {time}").format(
        zone=zone_label(t, t.time_zone, now), time=t.format_time(now)
    )


def choose_time_zone(t: Translator, now: datetime) -> str:
    return "\n".join(
        [
            esc(time_zone_line(t, now)),
            esc(
                t.gettext(
                    "Dates and times, and the hour your digest arrives, follow this zone. "
                    "Choose yours:"
                )
            ),
        ]
    )


def time_zone_set(t: Translator, now: datetime) -> str:
    return esc(t.gettext("Done. {line}").format(line=time_zone_line(t, now)))
