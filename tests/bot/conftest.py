"""The bot modules' tests (staff ones included) drive the real bot through the loopback
Bot API emulator, as the end-to-end journeys do: the same fixtures (a bot on a fresh copy
of the template database, the error log that fails a test on any handler error, the
bot_settings marker)."""

from __future__ import annotations

from tests.e2e.conftest import bot, error_log, pytest_configure, template_db

__all__ = ["bot", "error_log", "pytest_configure", "template_db"]
