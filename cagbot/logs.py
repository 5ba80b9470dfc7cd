"""Logging set-up: one line per event, and no secrets in any of them.

httpx logs every request URL at INFO, and a Bot API URL carries the token
(``/bot123:ABC/sendMessage``), so httpx is raised to WARNING and every record also passes
through :class:`RedactingFilter`, which masks anything shaped like a bot token.
"""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{20,100}")
REDACTED = "<token>"


def redact(text: str) -> str:
    return _TOKEN.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            # Tracebacks of network errors quote the URL; format once, redacted.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    )
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
