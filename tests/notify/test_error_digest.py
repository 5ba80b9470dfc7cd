"""Error summaries for staff: type, where, count; never the message; a few an hour."""

from __future__ import annotations

import logging

from cagbot.notify.error_digest import DigestHandler, ErrorDigest


def _raise_key_error() -> None:
    {}["user 7301234567 wrote: secret text"]


def test_errors_are_counted_by_type_and_place_and_reports_are_rate_limited() -> None:
    now = [1000.0]
    digest = ErrorDigest(clock=lambda: now[0], per_hour=2)
    logger = logging.getLogger("cagbot.tests.digest")
    handler = DigestHandler(digest)
    logger.addHandler(handler)
    try:
        for _ in range(3):
            try:
                _raise_key_error()
            except KeyError:
                logger.exception("handler failed for chat 7301234567")
        logger.error("no exception here")
    finally:
        logger.removeHandler(handler)
    assert digest.pending == 4
    taken = digest.take()
    assert taken is not None
    since, lines = taken
    assert since == 1000.0
    # The where is this module (tests are not cagbot code): the logger and function.
    assert [(line.kind, line.count) for line in lines] == [("KeyError", 3), ("error", 1)]
    assert all("7301234567" not in line.where + line.kind for line in lines)
    assert digest.take() is None  # nothing new
    digest.record("ValueError", "cagbot.x:y")
    assert digest.take() is not None  # the second report of the hour
    digest.record("ValueError", "cagbot.x:y")
    digest.record("ValueError", "cagbot.x:y")
    assert digest.take() is None  # budget spent: counted, not lost
    now[0] += 3600
    taken = digest.take()
    assert taken is not None
    assert [(line.kind, line.where, line.count) for line in taken[1]] == [
        ("ValueError", "cagbot.x:y", 2)
    ]
