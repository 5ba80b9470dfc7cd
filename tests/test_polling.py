"""``cagbot run``'s polling loop: the background start and how its failure stops the bot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cagbot import polling
from cagbot.bot.app import build_application
from cagbot.bot.context import BotApp
from cagbot.devserver import Emulator, FloodLimits
from cagbot.settings import Settings

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_polling_test_token"


class BrokenStart(Exception):
    pass


async def test_a_failed_background_start_stops_polling_with_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The hooks run after polling began; one that fails must still stop the bot (it did
    # when they ran inside initialize()), in order: the database closed, the error raised.
    apps: list[BotApp] = []

    async def broken(app: BotApp) -> None:
        raise BrokenStart("the start-up check failed")

    def build(settings: Settings) -> BotApp:
        app = build_application(settings)
        app.bot_data.on_startup(broken)
        apps.append(app)
        return app

    monkeypatch.setattr(polling, "build_application", build)
    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emu:
        settings = Settings(  # type: ignore[call-arg]
            token=TOKEN, api_base_url=emu.base_url, database=tmp_path / "db.sqlite", _env_file=None
        )
        with pytest.raises(BrokenStart, match="start-up check"):
            await asyncio.wait_for(polling.serve_polling(settings, asyncio.Event()), 120)
    assert apps[0].bot_data.start_in_background
    assert not apps[0].bot_data.ready  # shut down: post_shutdown closed the store
    assert emu.stats.requests["getUpdates"] > 0  # it polled before the hooks ran


async def test_polling_stops_when_asked_after_a_background_start(tmp_path: Path) -> None:
    stopping = asyncio.Event()
    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emu:
        settings = Settings(  # type: ignore[call-arg]
            token=TOKEN, api_base_url=emu.base_url, database=tmp_path / "db.sqlite", _env_file=None
        )
        serving = asyncio.ensure_future(polling.serve_polling(settings, stopping))
        user = emu.add_user()
        emu.send_text(user, "/start")
        await emu.next_message(user.id, timeout=60)
        # /settings needs the started services: answered once they are up.
        emu.send_text(user, "/settings")
        await emu.next_message(user.id, timeout=60)
        await emu.wait_for(lambda: emu.stats.requests["setMyCommands"] > 0, timeout=60)
        stopping.set()
        await asyncio.wait_for(serving, 60)
