"""Logging set-up: one line per event, and no secrets in any of them.

httpx logs every request URL at INFO, and a Bot API URL carries the token
(``/bot123:ABC/sendMessage``), so httpx is raised to WARNING and every record also passes
through :class:`RedactingFilter`, which masks anything shaped like a bot token.

Two formats: ``text`` (the default, for a terminal) and ``json`` (one object per line, for
log collectors). In JSON, fields a caller passes with ``extra={...}`` (``update_id``,
``chat_type``) become keys of their own; identifiers of people are kept out above DEBUG.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from typing import Any, Literal

from cagbot.log_folding import TelegramFolding

# A bot token as Telegram issues it, also URL-encoded (":" as "%3A") as in a quoted URL.
_TOKEN = re.compile(r"\d{1,20}(?::|%3[Aa])[A-Za-z0-9_-]{20,100}")
REDACTED = "<token>"
#: Stored error texts (outbox.last_error, feed_state.last_error) are cut to this length.
ERROR_TEXT_LIMIT = 500
# Exact secrets this process knows (the token, the webhook secret), masked whatever their shape.
_SECRETS: set[str] = set()

LogFormat = Literal["text", "json"]

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__.keys()
    | {"message", "asctime", "taskName"}
)
# Who wrote to the bot is personal data: only debugging sessions may log it.
_PERSONAL = frozenset({"user_id", "chat_id", "username", "first_name", "last_name", "phone"})


def add_secret(value: str | None) -> None:
    """Mask ``value`` wherever it appears from now on (in logs and in :func:`redact`)."""
    if value and len(value) >= 8:  # a shorter "secret" would mask ordinary words
        _SECRETS.add(value)


def redact(text: str) -> str:
    """``text`` with every bot token (by shape) and every registered secret masked."""
    text = _TOKEN.sub(REDACTED, text)
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def error_text(error: BaseException | str | None, limit: int = ERROR_TEXT_LIMIT) -> str | None:
    """The one form in which an error may be stored or shown: redacted, one line, capped.

    PTB's exceptions can quote the request URL (which holds the token) or a whole malformed
    answer; whatever records an error (the dispatcher's ``last_error``, the feed poller, the
    CLI) passes it through here.
    """
    if error is None:
        return None
    if isinstance(error, BaseException):
        detail = str(error)
        error = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    flat = " ".join(redact(error).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _redacting_excepthook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
    """Last resort for an exception nobody caught: the traceback, with secrets masked."""
    text = "".join(traceback.format_exception(kind, value, tb))
    sys.stderr.write(redact(text))


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


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ts, level, logger, message, extra fields, exc."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in record.__dict__.items():
            if key in _RECORD_ATTRIBUTES or key.startswith("_") or key in entry:
                continue
            if key in _PERSONAL and record.levelno > logging.DEBUG:
                continue
            entry[key] = _plain(value)
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = record.exc_text or self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = redact(record.exc_text)
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False)


def _plain(value: Any) -> Any:
    """A JSON-safe, redacted copy of an ``extra`` value."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return redact(str(value))


def build_handler(fmt: LogFormat = "text") -> logging.Handler:
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S"
            )
        )
    # Before the redaction, which turns exc_info into text: folding judges the exception.
    handler.addFilter(TelegramFolding())
    handler.addFilter(RedactingFilter())
    return handler


def configure_logging(level: str = "INFO", fmt: LogFormat = "text") -> None:
    root = logging.getLogger()
    root.handlers[:] = [build_handler(fmt)]
    root.setLevel(level)
    sys.excepthook = _redacting_excepthook
    for noisy in ("httpx", "httpcore", "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # PTB's DEBUG lines print whole updates: people's names and what they wrote. cagbot's
    # own DEBUG carries ids only (docs/privacy.md), so PTB stays at INFO whatever the level.
    logging.getLogger("telegram").setLevel(max(logging.INFO, logging.getLevelName(level)))
