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
# Staff buttons: a draft's or form's token (secrets.token_hex(4)), a row id.
_DRAFT_KEY: Final = r"[0-9a-f]{8}"
_ID: Final = r"\d{1,12}"
_LANGUAGE: Final = r"(?:sv|en|ru)"

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
    "cfl": (),  # the call filters' screen, in place
    "ck": (_KINDS,),  # toggle a kind of call; 'all': every kind again
    "cp": (TOPIC_SLUG,),  # toggle a place (lexicon country or 'online'); 'all': every place
    "cg": (r"all|mine",),  # calls in any language (marked) or only in mine
    "ics": (r"\d{1,12}",),  # send a call's deadline as a calendar file
    "subdone": (),
    "subok": (),  # /subscribe's confirmation: notifications start only here
    "res": (),  # resume after /unsubscribe
    "setx": (),  # /settings: change them in place
    "fgt": (r"yes|no", r"\d{1,20}"),  # /forget confirmation, with the owner's user id
    # deadline reminder on/off for a post; the button is the detail view's ('d') or the
    # list entry's with that number
    "rem": (r"on|off", r"\d{1,12}", r"d|[1-9]\d?"),
    "ask": (r"new|send|no",),  # Ask CAG: start writing, send the question, cancel
    "askx": (r"\d{1,12}",),  # staff close an Ask CAG thread (its number)
    # -- staff (cagbot.bot.staff): each button re-checks the pressing user --------------------
    # a /broadcast draft's step: one text per language, skip a language, send, cancel, the
    # audience (everyone, a language, topics, one topic), schedule in a zone (notify.when.ZONES)
    "bc": (
        _DRAFT_KEY,
        rf"pl|poll|skip|go|x|urg|prot|all|topics|z-(?:sto|bis)|l-{_LANGUAGE}|t-{TOPIC_SLUG}",
    ),
    "bq": (_ID, r"p|r|x"),  # pause, resume or cancel a broadcast going out
    "bp": (_ID, r"ok|no|x"),  # approve, reject or cancel a planned broadcast
    # a /newcall form's step: its type, skip a language or a field, no deadline, send, cancel
    "cf": (_DRAFT_KEY, rf"ty-(?:{'|'.join(OPPORTUNITY_TYPES)})|skl|skf|nodl|go|x"),
    # a call's staff view: view, close, deadline, edit, a language's texts, one text to edit
    "cs": (_ID, rf"v|cl|dl|ed|el-{_LANGUAGE}|ef-{_LANGUAGE}-[a-z_]{{1,16}}|ef-ap"),
    "ca": (_ID, r"ok|no"),  # publish or reject an editor's call
    # Saved searches (issue 25): save the search a result list answered (its number in
    # the chat's memory), the /alerts list, one search opened, paused/resumed ("p"/"r"),
    # renamed, deleted.
    "ssv": (r"\d{1,6}",),
    "ssl": (),
    "sso": (r"\d{1,12}",),
    "ssp": (r"p|r", r"\d{1,12}"),
    "ssr": (r"\d{1,12}",),
    "ssd": (r"\d{1,12}",),
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
