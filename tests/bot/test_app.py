"""The composition root: settings in, a wired Application out."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot.bot.app import MissingTokenError, _file_url, build_application
from cagbot.bot.context import Services, ServicesNotReady
from cagbot.settings import Settings

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_unit_test_token"


def test_no_token_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(database=tmp_path / "db.sqlite", _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(MissingTokenError, match="CAGBOT_TOKEN"):
        build_application(settings)


def test_file_url_follows_the_api_url() -> None:
    assert _file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert _file_url("http://127.0.0.1:8081/bot/") == "http://127.0.0.1:8081/file/bot"


def test_every_feature_is_registered(tmp_path: Path) -> None:
    settings = Settings(token=TOKEN, database=tmp_path / "db.sqlite", _env_file=None)  # type: ignore[call-arg]
    app = build_application(settings)
    commands = {
        name
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for name in handler.commands
    }
    assert {"start", "help", "language", "latest", "opportunities", "search"} <= commands
    assert {"subscribe", "unsubscribe", "settings", "stats"} <= commands
    # The catch-all for stale buttons is the last callback handler of group 0.
    last = [h for h in app.handlers[0] if isinstance(h, CallbackQueryHandler)][-1]
    assert last.pattern is None
    assert app.bot_data.settings is settings
    assert app.error_handlers
    menu = {spec.name for spec in app.bot_data.commands if not spec.staff}
    assert "stats" not in menu
    assert "latest" in menu


def test_services_refuse_use_before_post_init() -> None:
    services = Services()
    with pytest.raises(ServicesNotReady):
        _ = services.store
    assert not services.ready
