"""The quiet hours screen under /settings, and its line in /mydata."""

from __future__ import annotations

from datetime import datetime

from cagbot.i18n import Translator
from cagbot.markup import bold, esc
from cagbot.quiet_hours import Mode, QuietHours
from cagbot.views.timezones import zone_label


def hour(value: int) -> str:
    """ "08:00": the 24-hour form sv, ru and en-GB readers all use."""
    return f"{value:02d}:00"


def quiet_mode_label(t: Translator, mode: Mode) -> str:
    """How night notifications come, as a short phrase (/mydata)."""
    if mode == "hold":
        # Translators: quiet hours mode, in /mydata: night notifications wait until morning.
        return t.pgettext("quiet hours", "held until morning")
    if mode == "off":
        # Translators: quiet hours mode, in /mydata: quiet hours are switched off.
        return t.pgettext("quiet hours", "off")
    # Translators: quiet hours mode, in /mydata: night notifications come without sound.
    return t.pgettext("quiet hours", "silent")


def quiet_hours_line(t: Translator, quiet: QuietHours) -> str:
    # Translators: {start} and {end} are hours like "22:00" and "08:00"; {mode} one of
    # "silent", "held until morning", "off".
    return t.gettext("Quiet hours: {start}–{end}, {mode}").format(
        start=hour(quiet.start), end=hour(quiet.end), mode=quiet_mode_label(t, quiet.mode)
    )


def quiet_hours_screen(t: Translator, quiet: QuietHours, now: datetime) -> str:
    """What quiet hours do for this chat now, and how to change them (HTML)."""
    lines = [
        bold(
            # Translators: {start} and {end} are hours like "22:00" and "08:00"; {zone} a
            # city and offset, e.g. "Bishkek (UTC+6)".
            t.gettext("🌙 Quiet hours: {start}–{end}, your time ({zone})").format(
                start=hour(quiet.start), end=hour(quiet.end), zone=zone_label(t, t.time_zone, now)
            )
        )
    ]
    if quiet.mode == "hold":
        # Translators: {end} is an hour like "08:00".
        waiting = t.gettext("At night notifications wait until {end}.")
        lines.append(esc(waiting.format(end=hour(quiet.end))))
    elif quiet.mode == "off":
        lines.append(
            esc(
                t.gettext(
                    "Quiet hours are off: notifications ring at any hour. "
                    "Digests still arrive without sound at night."
                )
            )
        )
    else:
        lines.append(esc(t.gettext("At night notifications arrive without sound.")))
    lines.append(esc(t.gettext("Only urgent broadcasts from CAG staff ring at night.")))
    lines.append("")
    lines.append(esc(t.gettext("Choose how, and when your night begins (🌙) and ends (☀️):")))
    return "\n".join(lines)
