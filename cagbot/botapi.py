"""Bot API facts that both the handlers and delivery need, so neither imports the other."""

from __future__ import annotations

import functools
import ssl
import warnings
from datetime import timedelta

from telegram import Update
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

#: The updates the bot asks Telegram for: all but ``poll_answer``, which names who voted in
#: a non-anonymous poll. The bot sends anonymous polls only and must not learn voters even
#: if one slipped through (docs/privacy.md); ``poll`` updates carry the totals it needs.
ALLOWED_UPDATES: list[str] = [kind for kind in Update.ALL_TYPES if kind != Update.POLL_ANSWER]

#: sendPoll's limits: a question of 1-300 characters, options of 1-100 characters each, and
#: 2-10 options (Telegram now takes 12; 10 holds in every Bot API version the bot may meet).
QUESTION_LIMIT = 300
OPTION_LIMIT = 100
MIN_OPTIONS, MAX_OPTIONS = 2, 10


def seconds_to_wait(error: RetryAfter) -> float:
    """The seconds a 429 asks for. PTB 22 documents ``retry_after`` as an int that becomes a
    ``timedelta`` (``PTB_TIMEDELTA=1`` opts in now) and warns on reading the int; both are
    handled, so the warning says nothing new here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return retry_after_seconds(value)


def retry_after_seconds(value: int | float | timedelta) -> float:
    """``RetryAfter.retry_after`` in seconds, whichever type this PTB gives."""
    if isinstance(value, timedelta):
        return float(value.total_seconds())
    return float(value)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every Bot API client of the process: each of PTB's HTTPX clients
    would load the CA bundle itself (about 0.05 s of CPU each; `cagbot run` made four
    before its first reply, bench/startup_bench.py). httpx's own default, made once."""
    import httpx

    return httpx.create_ssl_context()
