"""Each chat's time zone: chosen in /settings, else the default of its language.

Defaults: Russian readers are mostly in Kyrgyzstan (Asia/Bishkek, UTC+6); Swedish readers
in Sweden. English readers are CAG's staff and volunteers and international partners, who
are mostly in Sweden too, so English also defaults to Europe/Stockholm (documented in the
README); anyone can pick another zone.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import get_timezone_location

DEFAULT_ZONES: Final = {"ru": "Asia/Bishkek", "sv": "Europe/Stockholm", "en": "Europe/Stockholm"}
FALLBACK_ZONE: Final = "UTC"
DIGEST_HOUR: Final = 8  # daily and weekly digests arrive at this local hour

# The picker offers where CAG's readers live; each is an IANA name (tzdata ships them).
CHOICES: Final = (
    "Asia/Bishkek",
    "Asia/Almaty",
    "Asia/Tashkent",
    "Asia/Dushanbe",
    "Europe/Moscow",
    "Europe/Stockholm",
    "Europe/London",
    "UTC",
)


@cache
def zone(name: str) -> ZoneInfo:
    """The zone called ``name``; UTC when the name is unknown (a stale or hand-edited row
    must never break a reply)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(FALLBACK_ZONE)


def is_valid(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_name(chosen: str | None, language: str | None) -> str:
    """The chat's zone: its choice when valid, else its language's default."""
    if chosen and is_valid(chosen):
        return chosen
    return DEFAULT_ZONES.get(language or "", FALLBACK_ZONE)


def city(name: str, locale: str) -> str:
    """A zone's city in the reader's language ("Asia/Bishkek" -> "Бишкек", "Bisjkek")."""
    return str(get_timezone_location(zone(name), locale=locale, return_city=True))


def utc_offset(name: str, now: datetime) -> str:
    """ "UTC+6", "UTC+1", "UTC" for ``now`` in that zone."""
    offset = now.astimezone(zone(name)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
