"""PTB's transient errors become one cagbot WARNING per cause per interval."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from telegram.error import BadRequest, NetworkError, TimedOut

from cagbot.log_folding import Folded, TelegramFolding
from cagbot.logs import build_handler, configure_logging


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def ptb_error(logger: logging.Logger, error: Exception) -> None:
    try:
        raise error
    except Exception:
        logger.exception("Exception happened while polling for updates.")


def test_transient_errors_are_folded_per_cause_with_counts() -> None:
    clock = Clock()
    out = io.StringIO()
    sink = logging.getLogger("cagbot.test.folded")
    sink.propagate = False
    sink.handlers[:] = [logging.StreamHandler(out)]
    handler = build_handler("text")
    assert isinstance(handler, logging.StreamHandler)
    printed = io.StringIO()  # what PTB's records print: only what is not folded
    handler.setStream(printed)
    handler.filters.insert(0, TelegramFolding(Folded(sink, interval=60.0, clock=clock)))
    ptb = logging.getLogger("telegram.ext.Updater")
    ptb.propagate = False
    ptb.handlers[:] = [handler]
    try:
        for _ in range(27):
            ptb_error(ptb, NetworkError("Bad Gateway"))
            clock.now += 5  # 27 errors over 135 s
        ptb_error(ptb, TimedOut())
        ptb_error(ptb, BadRequest("Chat not found"))  # not transient: passes unchanged
    finally:
        ptb.handlers.clear()
        ptb.propagate = True
    lines = out.getvalue().splitlines()
    assert lines == [
        "Telegram: Updater: Bad Gateway (transient: retried)",
        "Telegram: Updater: Bad Gateway (transient: retried); 12 times in the last 60 s",
        "Telegram: Updater: Bad Gateway (transient: retried); 12 times in the last 60 s",
        "Telegram: Updater: timed out (transient: retried)",
    ]
    assert "Chat not found" in printed.getvalue()
    assert "Bad Gateway" not in printed.getvalue()


def test_ptb_debug_output_stays_off_at_debug() -> None:
    """PTB's DEBUG prints whole updates (names, texts): never, whatever the level."""
    configure_logging("DEBUG")
    try:
        assert logging.getLogger("telegram.ext.Application").getEffectiveLevel() == logging.INFO
        assert logging.getLogger("cagbot.bot").getEffectiveLevel() == logging.DEBUG
    finally:
        configure_logging("INFO")


def test_cli_failure_lines_are_json_when_json_is_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cagbot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAGBOT_LOG_FORMAT", "json")
    monkeypatch.setenv("CAGBOT_DATABASE", str(tmp_path / "missing.db"))
    monkeypatch.setenv("CAGBOT_FEED", "typo")
    try:
        assert main(["posts"]) == 1
        monkeypatch.setenv("CAGBOT_POLL_INTERVAL", "soon")
        assert main(["posts"]) == 2  # a bad setting, before logging is configured
    finally:
        configure_logging("INFO")
    lines = capsys.readouterr().err.splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    messages = [record["message"] for record in records]
    assert any("there is no database at" in message for message in messages)
    assert any("CAGBOT_FEED" in message for message in messages)
    assert any("CAGBOT_POLL_INTERVAL" in message for message in messages)
