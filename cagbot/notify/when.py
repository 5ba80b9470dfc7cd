"""Reading the local time a staff member wants a broadcast sent at.

Staff write the time as they think of it: ``24.12.2026 18:00``, ``2026-12-24 18:00``,
``24.12 18:00`` (this year, or the next if that day has passed) or just ``18:00`` (today,
or tomorrow if that time has passed), in the zone they chose (Stockholm or Bishkek).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: The zones staff choose between, by the short key used in buttons.
ZONES: dict[str, str] = {"sto": "Europe/Stockholm", "bis": "Asia/Bishkek"}

_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
_FORMS = (
    re.compile(rf"^(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:[ T]+{_TIME})?$"),
    re.compile(
        rf"^(?P<day>\d{{1,2}})[./](?P<month>\d{{1,2}})[./](?P<year>\d{{4}})(?:\s+{_TIME})?$"
    ),
    re.compile(rf"^(?P<day>\d{{1,2}})[./](?P<month>\d{{1,2}})\.?\s+{_TIME}$"),
    re.compile(rf"^{_TIME}$"),
)


class WhenError(ValueError):
    """``reason`` is ``"unreadable"`` or ``"past"``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class When:
    at: float  # unix seconds
    local: datetime  # aware, in the chosen zone


def parse_when(text: str, zone: str, now: float) -> When:
    """The moment ``text`` names in ``zone``; must be in the future of ``now``."""
    tz = ZoneInfo(zone)
    today = datetime.fromtimestamp(now, tz)
    for form in _FORMS:
        match = form.match(text.strip())
        if match is None:
            continue
        parts = match.groupdict()
        try:
            clock = time(int(parts.get("hour") or 9), int(parts.get("minute") or 0))
            if parts.get("day") is None:
                local = datetime.combine(today.date(), clock, tz)
                if local.timestamp() <= now:
                    local = datetime.combine(today.date() + timedelta(days=1), clock, tz)
            else:
                year = int(parts["year"]) if parts.get("year") else today.year
                day = date(year, int(parts["month"]), int(parts["day"]))
                local = datetime.combine(day, clock, tz)
                if not parts.get("year") and local.timestamp() <= now:
                    local = datetime.combine(day.replace(year=year + 1), clock, tz)
        except ValueError:
            raise WhenError("unreadable") from None
        if local.timestamp() <= now:
            raise WhenError("past")
        return When(local.timestamp(), local)
    raise WhenError("unreadable")
