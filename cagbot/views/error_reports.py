"""The staff chat's summary of unexpected errors (no personal data: see notify.error_digest)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from cagbot.i18n import Translator
from cagbot.markup import bold, esc
from cagbot.records import ErrorLine


def error_summary(t: Translator, since: float, lines: Sequence[ErrorLine]) -> str:
    started = t.in_zone("UTC").format_datetime(datetime.fromtimestamp(since, UTC), "short")
    # Translators: {time} is a date and time in UTC.
    out = [bold(t.gettext("⚠️ Unexpected errors since {time} UTC").format(time=started))]
    for line in lines:
        out.append(
            esc(
                # Translators: {kind} is an error's technical name (KeyError) and {where} a
                # function's name; {n} is a count.
                t.ngettext(
                    "• {kind} in {where}: {n} time", "• {kind} in {where}: {n} times", line.count
                ).format(kind=line.kind, where=line.where, n=t.format_number(line.count))
            )
        )
    out.append(esc(t.gettext("Details are in the bot's log.")))
    return "\n".join(out)
