"""Inline keyboards of /broadcast and /broadcasts (labels come from cagbot.views.broadcast).

callback_data (defined in :mod:`cagbot.callbacks`): ``bc`` while composing, ``bq`` to pause,
resume or cancel a broadcast going out, ``bp`` to approve, reject or cancel a planned one.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from cagbot.callbacks import encode
from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.notify.broadcasts import BroadcastReport
from cagbot.notify.when import ZONES
from cagbot.settings import LANGUAGES
from cagbot.store.schedules import Planned
from cagbot.views import broadcast as bv
from cagbot.views import broadcast_status as bs
from cagbot.views import polls as pv
from cagbot.views.labels import language_button


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _draft(token: str, action: str) -> str:
    return encode("bc", token, action)


def cancel_row(t: Translator, token: str) -> list[InlineKeyboardButton]:
    return [_button(t.gettext("Cancel"), _draft(token, "x"))]


def ask_common(t: Translator, token: str, *, poll: bool = False) -> InlineKeyboardMarkup:
    """``poll``: also offer to make the draft a poll (the /broadcast start)."""
    rows = [[_button(t.gettext("One text per language"), _draft(token, "pl"))]]
    if poll:
        rows.append([_button(pv.poll_label(t), _draft(token, "poll"))])
    return InlineKeyboardMarkup([*rows, cancel_row(t, token)])


def ask_language(t: Translator, token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(t.gettext("Skip"), _draft(token, "skip"))], cancel_row(t, token)]
    )


def only_cancel(t: Translator, token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([cancel_row(t, token)])


def audience(t: Translator, token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(t.gettext("All subscribers"), _draft(token, "all"))],
            [_button(language_button(t, code), _draft(token, f"l-{code}")) for code in LANGUAGES],
            [_button(t.gettext("By topic…"), _draft(token, "topics"))],
            cancel_row(t, token),
        ]
    )


def topics(t: Translator, token: str, lexicon: Lexicon) -> InlineKeyboardMarkup:
    buttons = [
        _button(entry.label(t.language), _draft(token, f"t-{entry.slug}"))
        for entry in lexicon.topics
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(cancel_row(t, token))
    return InlineKeyboardMarkup(rows)


def confirm(
    t: Translator,
    token: str,
    recipients: int,
    *,
    editor: bool,
    urgent: bool = False,
    protect: bool = False,
) -> InlineKeyboardMarkup:
    first = bv.submit_label(t) if editor else bv.send_now_label(t, recipients)
    rows = [
        [
            _button(bv.urgent_label(t, urgent), _draft(token, "urg")),
            _button(bv.protect_label(t, protect), _draft(token, "prot")),
        ],
        [_button(first, _draft(token, "go"))],
        [
            _button(bv.schedule_label(t, zone), _draft(token, f"z-{key}"))
            for key, zone in ZONES.items()
        ],
        cancel_row(t, token),
    ]
    return InlineKeyboardMarkup(rows)


def controls(t: Translator, report: BroadcastReport) -> InlineKeyboardMarkup | None:
    if report.state not in ("running", "paused"):
        return None
    toggle = (
        _button(bs.resume_label(t), encode("bq", report.broadcast_id, "r"))
        if report.state == "paused"
        else _button(bs.pause_label(t), encode("bq", report.broadcast_id, "p"))
    )
    return InlineKeyboardMarkup(
        [[toggle, _button(bs.stop_label(t), encode("bq", report.broadcast_id, "x"))]]
    )


def approval(t: Translator, planned_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(bv.approve_label(t), encode("bp", planned_id, "ok")),
                _button(bv.reject_label(t), encode("bp", planned_id, "no")),
            ]
        ]
    )


def overview(
    t: Translator, planned: Sequence[Planned], running: Sequence[BroadcastReport]
) -> InlineKeyboardMarkup | None:
    rows = [
        [_button(bs.cancel_planned_label(t, item.id), encode("bp", item.id, "x"))]
        for item in planned
    ]
    for report in running:
        markup = controls(t, report)
        if markup is not None:
            rows += [list(row) for row in markup.inline_keyboard]
    return InlineKeyboardMarkup(rows) if rows else None
