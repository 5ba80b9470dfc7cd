"""Bot API facts that both the handlers and delivery need, so neither imports the other."""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning


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
