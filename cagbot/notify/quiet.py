"""How one claimed outbox row goes out under its chat's quiet hours and its broadcast's
flags: at once (ringing or silent, forwardable or protected), or held until the morning.

The judgement is made when the row is claimed, not when it is queued: the chat's local
time is the time of sending (a row queued at 21:59 and sent at 22:01 goes silently), and a
change in /settings applies to what is still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass

from cagbot.quiet_hours import decide
from cagbot.store.quiet_hours import SendTerms
from cagbot.timezones import zone_name


@dataclass(frozen=True, slots=True)
class SendFlags:
    silent: bool = False  # disable_notification
    protect: bool = False  # protect_content


def judge(terms: SendTerms | None, now: float) -> tuple[SendFlags, float | None]:
    """(flags to send with, or the unix time to hold the row until)."""
    if terms is None:  # the row vanished meanwhile (/forget): send as before, plainly
        return SendFlags(), None
    decision = decide(
        now,
        zone_name(terms.time_zone, terms.language),
        terms.quiet,
        kind=terms.kind,
        urgent=terms.urgent,
    )
    return SendFlags(silent=decision.silent, protect=terms.protect), decision.hold_until
