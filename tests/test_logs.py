from __future__ import annotations

import logging

import pytest

from cagbot.logs import REDACTED, RedactingFilter, redact

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"


def test_redact_masks_tokens_in_urls() -> None:
    url = f"POST https://api.telegram.org/bot{TOKEN}/sendMessage"
    assert redact(url) == f"POST https://api.telegram.org/bot{REDACTED}/sendMessage"


def test_filter_redacts_arguments_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("cagbot.test.redaction")
    logger.addFilter(RedactingFilter())
    try:
        with caplog.at_level(logging.INFO, logger="cagbot.test.redaction"):
            logger.info("HTTP Request: %s", f"https://x/bot{TOKEN}/getMe")
            try:
                raise RuntimeError(f"connect failed for /bot{TOKEN}/getUpdates")
            except RuntimeError:
                logger.exception("polling failed")
    finally:
        logger.filters.clear()
    assert TOKEN not in caplog.text
    assert REDACTED in caplog.text
