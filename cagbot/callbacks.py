"""callback_data: a compact, versioned, validated scheme (``v1|lat|2``).

Telegram gives buttons at most 64 bytes and hands them back verbatim, so anything a client
sends may be stale (an old keyboard after an upgrade) or forged. :func:`decode` accepts only
the current version, a known action and arguments of the shape that action takes; anything
else is ``None``, and the handler answers politely instead of raising.

It lives outside :mod:`cagbot.bot` because notifications (:mod:`cagbot.notify`) carry the
same buttons and must not import the handlers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from cagbot.models import OPPORTUNITY_TYPES

VERSION: Final = "v1"
SEPARATOR: Final = "|"
MAX_BYTES: Final = 64
TOPIC_SLUG: Final = r"[a-z0-9_]{1,24}"
# A list filter: all, or one opportunity type (every type the model knows has a filter).
_KINDS: Final = "|".join(("all", *OPPORTUNITY_TYPES))

# action -> one pattern per argument (full match)
_ARGUMENTS: Final[dict[str, tuple[str, ...]]] = {
    "noop": (),
    "menu": (),  # the main menu, in place of the message it is pressed on
    "go": (r"find|sub|lang|set",),  # a main-menu entry that has no list of its own
    "lat": (r"\d{1,4}",),  # latest posts, page
    "post": (r"\d{1,12}",),  # a post's detail view
    "top": (TOPIC_SLUG, r"\d{1,4}"),  # posts on a topic, page
    "opp": (_KINDS, r"\d{1,4}"),
    "od": (r"\d{1,12}", _KINDS, r"\d{1,4}"),  # an opportunity's details, from that list page
    "lang": (r"sv|en|ru",),
    "tz": (r"\d{1,2}",),  # time zone: an index into cagbot.timezones.CHOICES
    "tzp": (),  # /settings: open the time zone picker in place
    "qh": (),  # /settings: open the quiet hours screen in place
    "qm": (r"silent|hold|off",),  # quiet hours: how night notifications come
    "qw": (r"s|e", r"\d{1,2}"),  # quiet hours: the night's start or end hour
    "sub": (r"t|on", TOPIC_SLUG),  # toggle a topic / turn it on (deep link)
    "cl": (r"mine|all",),  # content languages
    "al": (r"on|off",),  # opportunity alerts
    "fq": (r"instant|daily|weekly",),  # digest frequency
    "subdone": (),
    "subok": (),  # /subscribe's confirmation: notifications start only here
    "res": (),  # resume after /unsubscribe
    "setx": (),  # /settings: change them in place
    "fgt": (r"yes|no", r"\d{1,20}"),  # /forget confirmation, with the owner's user id
    # deadline reminder on/off for a post; the button is the detail view's ('d') or the
    # list entry's with that number
    "rem": (r"on|off", r"\d{1,12}", r"d|[1-9]\d?"),
}
_COMPILED: Final = {
    action: tuple(re.compile(pattern, re.ASCII) for pattern in patterns)
    for action, patterns in _ARGUMENTS.items()
}


@dataclass(frozen=True, slots=True)
class Callback:
    action: str
    args: tuple[str, ...] = ()

    def int_arg(self, index: int) -> int:
        return int(self.args[index])


def encode(action: str, *args: object) -> str:
    """callback_data for a button; raises ValueError on a shape :func:`decode` would refuse."""
    data = SEPARATOR.join((VERSION, action, *(str(arg) for arg in args)))
    if decode(data) is None:
        raise ValueError(f"invalid callback data {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """The callback a button carries, or ``None`` when it is stale, forged or malformed."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    parts = data.split(SEPARATOR)
    if len(parts) < 2 or parts[0] != VERSION:
        return None
    action, args = parts[1], tuple(parts[2:])
    patterns = _COMPILED.get(action)
    if patterns is None or len(patterns) != len(args):
        return None
    if not all(pattern.fullmatch(arg) for pattern, arg in zip(patterns, args, strict=True)):
        return None
    return Callback(action, args)


def pattern(action: str) -> str:
    """A CallbackQueryHandler pattern that routes this action's buttons (decode validates)."""
    return f"^{re.escape(VERSION + SEPARATOR + action)}({re.escape(SEPARATOR)}|$)"
