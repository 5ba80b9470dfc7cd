"""How one claimed row goes out: the chat's quiet hours in its own zone (its choice, else its
language's), judged at the time of sending; urgent rings; protected stays protected; a row
whose chat vanished goes plainly."""

from __future__ import annotations

from datetime import UTC, datetime

from cagbot.notify.quiet import SendFlags, judge
from cagbot.quiet_hours import QuietHours
from cagbot.store.quiet_hours import SendTerms

#: 03:00 in Bishkek (UTC+6), 22:00 in Stockholm; then 12:00 in Bishkek.
NIGHT = datetime(2026, 12, 7, 21, 0, tzinfo=UTC).timestamp()
NOON = datetime(2026, 12, 8, 6, 0, tzinfo=UTC).timestamp()


def terms(mode: str = "silent", **changes: object) -> SendTerms:
    values: dict[str, object] = {
        "kind": "post",
        "urgent": False,
        "protect": False,
        "time_zone": None,
        "language": "ru",
        "quiet": QuietHours(mode=mode),  # type: ignore[arg-type]
    }
    values.update(changes)
    return SendTerms(**values)  # type: ignore[arg-type]


def test_at_night_silent_by_day_ringing() -> None:
    assert judge(terms(), NIGHT) == (SendFlags(silent=True), None)
    assert judge(terms(), NOON) == (SendFlags(), None)


def test_the_zone_is_the_chats_choice_else_its_languages() -> None:
    # 21:00 UTC is 22:00 in Stockholm (night by the default window, 22-08) but 21:00 in
    # Lisbon: a Swedish reader is asleep, a Russian-speaking one who chose Lisbon is not yet.
    assert judge(terms(language="sv"), NIGHT)[0].silent
    assert not judge(terms(language="ru", time_zone="Europe/Lisbon"), NIGHT)[0].silent


def test_held_until_the_morning_and_urgent_rings() -> None:
    _, until = judge(terms("hold"), NIGHT)
    assert until is not None
    assert until > NIGHT
    assert datetime.fromtimestamp(until, UTC).hour == 2  # 08:00 in Bishkek
    assert judge(terms("hold", urgent=True, kind="staff"), NIGHT) == (SendFlags(), None)


def test_protection_comes_with_the_row_and_a_vanished_chat_goes_plainly() -> None:
    assert judge(terms(protect=True), NOON) == (SendFlags(protect=True), None)
    assert judge(None, NIGHT) == (SendFlags(), None)
