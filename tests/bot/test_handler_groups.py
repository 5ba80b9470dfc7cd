"""The composition root puts every handler in a group of the one table, and reaches the
background services through the typed Services."""

from __future__ import annotations

from pathlib import Path

from telegram.ext import CommandHandler, TypeHandler

from cagbot.bot.app import build_application
from cagbot.bot.context import BotApp
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.heartbeat import HeartbeatWriter
from cagbot.bot.notifications import NotifyRuntime, runtime_of
from cagbot.bot.staff.error_reports import ErrorReports
from cagbot.settings import Settings

TOKEN = "123456:TEST-token-aaaaaaaaaaaaaaaaaaaa"


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(  # type: ignore[call-arg]
        token=TOKEN, database=tmp_path / "db.sqlite", _env_file=None, **overrides
    )


def _group_of_command(app: BotApp, name: str) -> int:
    return next(
        group
        for group, in_group in app.handlers.items()
        for handler in in_group
        if isinstance(handler, CommandHandler) and name in handler.commands
    )


def test_every_handler_is_in_a_group_of_the_table(tmp_path: Path) -> None:
    app = build_application(_settings(tmp_path))
    assert set(app.handlers) <= {int(group) for group in HandlerGroup}
    # Only the wait for the background start comes before the flood gate, which is alone in
    # its group; staff flows come before the readers' own.
    assert sorted(app.handlers)[:2] == [HandlerGroup.STARTING, HandlerGroup.FLOOD]
    assert len(app.handlers[HandlerGroup.STARTING]) == 1
    assert all(isinstance(h, TypeHandler) for h in app.handlers[HandlerGroup.FLOOD])
    assert _group_of_command(app, "newcall") == HandlerGroup.CALL_FORM
    assert _group_of_command(app, "broadcast") == HandlerGroup.STAFF_AND_CHATS
    assert _group_of_command(app, "here") == HandlerGroup.STAFF_AND_CHATS
    assert _group_of_command(app, "start") == HandlerGroup.FEATURES


def test_background_services_are_fields_of_services(tmp_path: Path) -> None:
    app = build_application(_settings(tmp_path, staff_chat_id=-100_123))
    services = app.bot_data
    assert isinstance(services.notifications, NotifyRuntime)
    assert runtime_of(app) is services.notifications
    assert isinstance(services.heartbeat, HeartbeatWriter)
    assert isinstance(services.error_reports, ErrorReports)
    other = build_application(_settings(tmp_path / "other"))
    assert other.bot_data.error_reports is None  # no CAGBOT_STAFF_CHAT_ID, no reports
    assert runtime_of(other) is not runtime_of(app)
