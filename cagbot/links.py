"""Which links may become a button or a link in a message: what Telegram accepts, and
nothing that points inside a network.

Telegram refuses a whole message (400 ``BUTTON_URL_INVALID``, permanently) when one of its
URL buttons has a space, a quote, ``<``, a host without a dot and the like; and an inline
answer with one such result is refused as a whole. So every link from outside (feeds, the
curated file, ``/newcall``) is checked here, where it comes in and again where it is
rendered: http or https, parsed by :mod:`urllib.parse` (the standard library's parser;
no extra dependency), a host with a dot, no user info, no whitespace, control, bidi or
zero-width characters, and no loopback, private or link-local host (a reader's phone must
never be sent to ``http://127.0.0.1:8080/admin``).
"""

from __future__ import annotations

import ipaddress
import unicodedata
from urllib.parse import urlsplit

#: Telegram's own cap on a button URL is in this region; longer ones are refused.
MAX_LENGTH = 2048
_FORBIDDEN = set(" \"'<>\\^`{|}")
_LOCAL_NAMES = ("localhost", "localdomain", "local", "internal", "home.arpa")


def _suspicious(char: str) -> bool:
    # Cc: control characters; Cf: format characters (RTL/LTR overrides, zero-width
    # joiners, BOM); Z*: every kind of space.
    return char in _FORBIDDEN or unicodedata.category(char)[0] in "CZ"


def _local_host(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" or host.rsplit(".", 1)[-1] in _LOCAL_NAMES
    return not address.is_global


def web_url(url: str | None) -> str | None:
    """``url`` when it is a public http(s) link Telegram takes as a button, else None."""
    if not url or len(url) > MAX_LENGTH or any(_suspicious(char) for char in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or parts.username is not None:
        return None
    if port == 0 or "." not in host.strip(".") or host.endswith(".") or ".." in host:
        return None
    if _local_host(host.strip("[]")):
        return None
    return url


def is_web_url(url: str | None) -> bool:
    return web_url(url) is not None
