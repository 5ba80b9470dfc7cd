"""JSON log lines: parseable, with the caller's extra fields, never a token, no user ids at INFO."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from cagbot.logs import (
    ERROR_TEXT_LIMIT,
    REDACTED,
    RedactingFilter,
    add_secret,
    build_handler,
    configure_logging,
    error_text,
    redact,
)

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"


@pytest.fixture
def json_logger() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = build_handler("json")
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    logger = logging.getLogger("cagbot.test.jsonlogs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield logger, stream
    finally:
        logger.removeHandler(handler)
        logger.propagate = True


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_object_per_line_with_the_standard_keys(
    json_logger: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = json_logger
    logger.info("bot ready: %d posts indexed", 18)
    logger.warning("two\nlines")
    first, second = lines(stream)
    assert first["level"] == "INFO"
    assert first["logger"] == "cagbot.test.jsonlogs"
    assert first["message"] == "bot ready: 18 posts indexed"
    assert first["ts"].endswith("+00:00")
    assert second["message"] == "two\nlines"


def test_extra_fields_become_keys(json_logger: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = json_logger
    logger.info("handled", extra={"update_id": 42, "chat_type": "private", "tags": ("a", 1)})
    (entry,) = lines(stream)
    assert entry["update_id"] == 42
    assert entry["chat_type"] == "private"
    assert entry["tags"] == ["a", 1]


def test_user_ids_only_at_debug(json_logger: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = json_logger
    logger.info("handled", extra={"user_id": 100001, "chat_id": 100001, "update_id": 1})
    logger.debug("handled", extra={"user_id": 100001, "update_id": 2})
    info, debug = lines(stream)
    assert "user_id" not in info
    assert "chat_id" not in info
    assert info["update_id"] == 1
    assert debug["user_id"] == 100001


def test_no_token_anywhere(json_logger: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = json_logger
    logger.info("GET %s", f"https://api.telegram.org/bot{TOKEN}/getMe", extra={"url": TOKEN})
    try:
        raise ConnectionError(f"connect failed for /bot{TOKEN}/getUpdates")
    except ConnectionError:
        logger.exception("polling failed")
    text = stream.getvalue()
    assert TOKEN not in text
    first, second = lines(stream)
    assert REDACTED in first["message"]
    assert first["url"] == REDACTED
    assert "ConnectionError" in second["exc"]
    assert REDACTED in second["exc"]


def test_redacting_filter_runs_before_the_json_formatter() -> None:
    handler = build_handler("json")
    assert any(isinstance(item, RedactingFilter) for item in handler.filters)
    assert any(isinstance(item, RedactingFilter) for item in build_handler("text").filters)


def test_configure_logging_installs_one_handler_of_the_chosen_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    try:
        configure_logging("INFO", "json")
        logging.getLogger("cagbot.test").info("hello %s", TOKEN)
        configure_logging("INFO", "text")
        logging.getLogger("cagbot.test").info("plain")
    finally:
        root.handlers[:], root.level = saved, level
    err = capsys.readouterr().err.splitlines()
    assert json.loads(err[0])["message"] == f"hello {REDACTED}"
    assert err[1].endswith("INFO cagbot.test: plain")


def test_error_text_masks_tokens_in_any_form_and_stays_one_short_line() -> None:
    token = "123456789:AAEhBP0av18d2kKZ8y_test_token_ops"
    quoted = token.replace(":", "%3A")
    page = f"<html>\n502 at https://api.telegram.org/bot{token}/sendMessage ({quoted})\n" + (
        "x" * 2000
    )
    text = error_text(RuntimeError(page))
    assert text is not None
    assert token.split(":")[1] not in text
    assert text.startswith(f"RuntimeError: <html> 502 at https://api.telegram.org/bot{REDACTED}/")
    assert f"({REDACTED})" in text
    assert "\n" not in text
    assert len(text) == ERROR_TEXT_LIMIT
    assert error_text(None) is None


def test_a_registered_secret_is_masked_whatever_its_shape() -> None:
    secret = "webhook-secret-of-an-odd-shape"
    assert redact(f"header {secret}") == f"header {secret}"
    add_secret(secret)
    add_secret("short")  # too short to mask safely: ignored
    assert redact(f"header {secret}, short") == f"header {REDACTED}, short"
