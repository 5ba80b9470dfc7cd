"""How the ``cagbot`` command fails: one line an operator can act on, never the token.

:func:`check_token` asks Telegram once before a command starts or queues anything;
:func:`explain` turns the failures that are not bugs (a rejected token, an unreachable Bot
API, a bad database, a file system refusal) into that line. Anything else is a bug, and
``main`` logs it with its traceback (masked like every log record).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
from typing import TYPE_CHECKING

from cagbot.logs import error_text

if TYPE_CHECKING:
    from cagbot.settings import Settings

# telegram and the store are imported where they are used: every command imports this
# module, most before they need either (start-up time, bench/startup_bench.py).

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

# JSON logs chosen (CAGBOT_LOG_FORMAT=json): failure lines go through logging too, so that
# the stream a collector reads stays one JSON object per line.
_json_errors = False


def use_json_errors(on: bool) -> None:
    global _json_errors
    _json_errors = on


def say_failure(line: str) -> None:
    """A failure line for the operator: stderr, or a JSON log record when JSON is chosen."""
    if _json_errors:
        logging.getLogger("cagbot.cli").error("%s", line)
    else:
        print(line, file=sys.stderr)


class TokenRejected(Exception):
    """Telegram refused CAGBOT_TOKEN (401/404): nothing will work until it is replaced."""


TOKEN_CHECK_TIMEOUT = 15.0


async def check_token(settings: Settings, *, need_network: bool = False) -> None:
    """One getMe before anything is queued or started: a rejected token stops the command
    with :class:`TokenRejected`. A network problem stops it only with ``need_network``
    (``run``: PTB would give up at its own start anyway, with a traceback); a broadcast is
    queued regardless and delivered when Telegram can be reached."""
    from telegram import Bot
    from telegram.error import InvalidToken, TelegramError
    from telegram.request import HTTPXRequest

    from cagbot.botapi import tls_context

    assert settings.token is not None
    # One client for both of the Bot's slots: this Bot never polls.
    request = HTTPXRequest(httpx_kwargs={"verify": tls_context()})
    bot = Bot(
        settings.token.get_secret_value(),
        base_url=settings.api_base_url,
        request=request,
        get_updates_request=request,
    )
    try:
        # initialize() is the getMe; leaving the block closes the HTTP client either way.
        async with asyncio.timeout(TOKEN_CHECK_TIMEOUT), bot:
            pass
    except InvalidToken as error:
        raise TokenRejected(error.message) from None
    except (TelegramError, TimeoutError, OSError) as error:
        if need_network:
            raise
        logging.getLogger("cagbot").warning(
            "could not check the token with Telegram: %s", error_text(error)
        )


def explain(error: BaseException, settings: Settings) -> str | None:
    """One line for an operator for the failures that are not bugs, or None."""
    from telegram.error import InvalidToken, NetworkError

    from cagbot.store.database import DatabaseProblem, describe_database_error

    if isinstance(error, TokenRejected | InvalidToken):
        detail = error.args[0] if isinstance(error, TokenRejected) else error.message
        return error_text(
            f"Telegram rejected CAGBOT_TOKEN ({detail}): copy the bot's current token from "
            "@BotFather (/token) into CAGBOT_TOKEN; a revoked token must be replaced"
        )
    if isinstance(error, DatabaseProblem | sqlite3.Error):
        return describe_database_error(settings.database, error)
    if isinstance(error, NetworkError | TimeoutError):
        return error_text(
            f"cannot reach the Bot API at {settings.api_base_url} ({error_text(error)}): "
            "check the network and CAGBOT_API_BASE_URL, then start again"
        )
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return error_text(f"{where}{error.strerror or error}")
    return None
