"""The bot and the search index across restarts: a bot that built its index saves it as
it stops, and the next start restores it (never page by page) while already answering."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from cagbot.devserver import Emulator
from cagbot.search import SearchEngine, persist
from cagbot.store import Store
from tests.e2e.conftest import Bot, stop_bot

Start = Callable[[Callable[[Emulator, Path], Awaitable[dict[str, Any]]]], Awaitable[Bot]]


async def _nothing(emu: Emulator, database: Path) -> dict[str, Any]:
    return {}


async def _loaded(engine: SearchEngine) -> None:
    for _ in range(500):
        if not engine.loading:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the index never finished loading")


async def test_the_index_is_saved_at_shutdown_and_restored_at_start(
    start_bot: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first page smaller than the sample, so the rest loads in the background.
    monkeypatch.setattr("cagbot.search.loading.FIRST_PAGE", 5)
    bot = await start_bot(_nothing)
    engine = bot.app.bot_data.search
    await _loaded(engine)
    built = engine.post_ids()
    assert len(built) > 5
    database = bot.app.bot_data.settings.database
    await stop_bot(bot)
    store = await Store.open(database)
    try:
        saved = await store.search_index.load(SearchEngine(engine.lexicon).fingerprint())
    finally:
        await store.close()
    assert saved is not None
    kept = database.with_name("kept.db")
    shutil.copy(database, kept)

    async def no_pages(*args: object) -> int:
        raise AssertionError("the index was rebuilt page by page")

    monkeypatch.setattr(persist, "fill_pages", no_pages)
    # start_bot copies the template again: put the saved database back first.
    again = await start_bot(lambda emu, path: _restore(kept, path))
    engine = again.app.bot_data.search
    await _loaded(engine)
    assert engine.post_ids() == built
    user = again.user(language_code="en")
    reply = await again.say(user, "internship")
    assert reply.text
    await stop_bot(again)


async def _restore(saved: Path, path: Path) -> dict[str, Any]:
    shutil.copy(saved, path)  # a small file, before the bot starts
    return {}
