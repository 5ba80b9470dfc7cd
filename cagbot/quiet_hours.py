"""Quiet hours: the night, in a chat's own time zone, when notifications do not ring.

Each chat chooses a mode (``silent``: sent at once with ``disable_notification``; ``hold``:
kept until the night ends; ``off``) and a window from a start hour to an end hour of its
local time, 22:00-08:00 unless it picks others; a start later than the end wraps midnight.
Digests never ring at night: with quiet hours off they still go silently in the default
window. An urgent staff broadcast is the one thing that rings regardless.

Local time is taken with :mod:`zoneinfo` at the moment of sending, so a DST day is right:
in Stockholm the night of the spring change is an hour shorter in real time, and
:func:`window_end` is the real moment the clock on the wall shows the end hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Final, Literal

from cagbot.timezones import zone

Mode = Literal["silent", "hold", "off"]
MODES: Final[tuple[Mode, ...]] = ("silent", "hold", "off")
DEFAULT_START: Final = 22
DEFAULT_END: Final = 8
#: The hours the /settings picker offers for the start and for the end of the night.
START_CHOICES: Final = (20, 21, 22, 23, 0)
END_CHOICES: Final = (6, 7, 8, 9, 10)


@dataclass(frozen=True, slots=True)
class QuietHours:
    mode: Mode = "silent"
    start: int = DEFAULT_START
    end: int = DEFAULT_END


@dataclass(frozen=True, slots=True)
class Decision:
    """How one message goes out: ``silent`` (no sound), or not yet (``hold_until``, unix)."""

    silent: bool = False
    hold_until: float | None = None


RING: Final = Decision()


def in_window(local: datetime, start: int, end: int) -> bool:
    """Whether the local wall-clock ``local`` lies in [start, end) (wrapping midnight when
    start > end); start == end is an empty window."""
    hour = local.hour
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def window_end(now: float, zone_name: str, start: int, end: int) -> float | None:
    """Unix time the night that ``now`` lies in ends (the local clock shows ``end``:00),
    or None when ``now`` is not in the window."""
    tz = zone(zone_name)
    local = datetime.fromtimestamp(now, tz)
    if not in_window(local, start, end):
        return None
    day = local.date() if local.hour < end else local.date() + timedelta(days=1)
    # datetime.combine with a ZoneInfo gives the offset in force on that day (DST-right);
    # an end hour that does not exist that day (a spring gap) maps past the gap.
    ends = datetime.combine(day, time(end), tz).timestamp()
    return max(ends, now)


def decide(
    now: float, zone_name: str, quiet: QuietHours | None, *, kind: str, urgent: bool = False
) -> Decision:
    """How a message of ``kind`` goes to a chat with these quiet hours at ``now``.
    ``quiet`` None: a chat the bot keeps no settings for (rings as before)."""
    if urgent or quiet is None:
        return RING
    mode, start, end = quiet.mode, quiet.start, quiet.end
    if mode == "off":
        if kind != "digest":
            return RING
        mode, start, end = "silent", DEFAULT_START, DEFAULT_END
    until = window_end(now, zone_name, start, end)
    if until is None:
        return RING
    if mode == "hold":
        return Decision(hold_until=until)
    return Decision(silent=True)
