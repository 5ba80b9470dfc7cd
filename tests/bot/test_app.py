"""The composition root: settings in, a wired Application out."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram import Chat, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from cagbot.bot.app import (
    ClientOptions,
    MissingTokenError,
    _answered_at_once,
    _file_url,
    build_application,
)
from cagbot.bot.context import BotApp, Services, ServicesNotReady
from cagbot.devserver import Emulator, FloodLimits
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


def test_the_first_reply_imports_no_classifier_nor_web_server() -> None:
    # The feature modules registered before polling starts: the classifier's deadline
    # patterns and aiohttp (server and client) cost seconds of start-up on a busy machine
    # and are needed only by imports, feed polls, /metrics and the dispatcher's sends;
    # icalendar only by "Add to calendar"; cli_content only by the content commands
    # (bench/startup_bench.py).
    code = (
        "import sys, cagbot.polling, cagbot.bot.app, cagbot.cli\n"
        "from cagbot.bot import channels, errors, fallback, flood, groups, heartbeat, inline\n"
        "from cagbot.bot import language, latest, menu, notifications, opportunities, privacy\n"
        "from cagbot.bot import search, start, subscribe, timezone, translation, voice\n"
        "from cagbot.bot import ask, quiet_hours, saved_searches, sharing\n"
        "from cagbot.bot.staff import error_reports, stats\n"
        "from cagbot.bot.staff.broadcast import compose\n"
        "from cagbot.bot.staff.calls import form\n"
        "late = ('cagbot.content.deadlines', 'cagbot.content.deadline_phrases',\n"
        "        'cagbot.content.classify', 'aiohttp', 'icalendar', 'cagbot.cli_content')\n"
        "print(sorted(name for name in late if name in sys.modules))\n"
    )
    answer = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert answer.stdout.strip() == "[]"


async def test_started_in_the_background_start_is_answered_while_the_rest_waits(
    tmp_path: Path,
) -> None:
    # `cagbot run`: the startup hooks and the menus run while the bot already polls;
    # /start is answered at once, anything else waits until the hooks are done.
    release = asyncio.Event()
    hooked: list[str] = []

    async def slow_hook(app: BotApp) -> None:
        await release.wait()
        hooked.append("done")

    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emu:
        settings = Settings(  # type: ignore[call-arg]
            token=TOKEN, api_base_url=emu.base_url, database=tmp_path / "db.sqlite", _env_file=None
        )
        app = build_application(settings, ClientOptions(pace_private_chats=False))
        app.bot_data.on_startup(slow_hook)
        app.bot_data.start_in_background = True
        await app.initialize()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        try:
            waiting, newcomer = emu.add_user(), emu.add_user()
            emu.send_text(waiting, "/language")
            emu.send_text(newcomer, "/start")
            await emu.next_message(newcomer.id, timeout=30)
            assert hooked == []
            assert emu.messages(waiting.id) == []  # held until the services are up
            assert emu.stats.requests["setMyCommands"] == 0  # menus after the hooks
            release.set()
            await emu.next_message(waiting.id, timeout=30)
            assert hooked == ["done"]
            await emu.wait_for(lambda: emu.stats.requests["setMyCommands"] > 0, timeout=30)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()


async def test_a_shutdown_during_the_background_start_cancels_it(tmp_path: Path) -> None:
    release = asyncio.Event()

    async def stuck_hook(app: BotApp) -> None:
        await release.wait()

    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emu:
        settings = Settings(  # type: ignore[call-arg]
            token=TOKEN, api_base_url=emu.base_url, database=tmp_path / "db.sqlite", _env_file=None
        )
        app = build_application(settings, ClientOptions(pace_private_chats=False))
        app.bot_data.on_startup(stuck_hook)
        app.bot_data.start_in_background = True
        await app.initialize()
        starting = app.bot_data.starting
        assert starting is not None
        assert not starting.done()
        await app.shutdown()
        assert starting.cancelled()
        assert not app.bot_data.ready


@pytest.mark.parametrize(
    ("text", "at_once"),
    [
        ("/start", True),
        ("/start topic_education", True),
        ("/help@cagbot", True),
        ("/starting", False),
        ("/settings", False),
        ("hello /start", False),
        (None, False),
    ],
)
def test_only_start_and_help_are_answered_before_the_services(
    text: str | None, at_once: bool
) -> None:
    chat = Chat(id=1, type=Chat.PRIVATE)
    message = Message(message_id=1, date=datetime.now(UTC), chat=chat, text=text)
    assert _answered_at_once(Update(update_id=1, message=message)) is at_once
    assert not _answered_at_once(object())
