"""End-to-end harness: the real Application (build_application, HTTPXRequest, AIORateLimiter,
long polling) against the loopback Bot API emulator, on its own SQLite file per test.

The bundled seeds and opportunities are imported once per session into a template database
that each test copies. Teardown fails the test if the bot broke any Bot API rule
(``emu.violations``) or any handler raised (the error handler logs at ERROR).
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cagbot.bot.app import ClientOptions, build_application
from cagbot.bot.context import BotApp
from cagbot.bot.throttle import Throttle, Throttles
from cagbot.botapi import ALLOWED_UPDATES
from cagbot.devserver import BotMessage, Emulator, FloodLimits, SimChat, SimUser
from cagbot.paths import opportunities_file, seed_files
from cagbot.settings import Settings
from cagbot.store import Store

TOKEN = "123456789:AAEhBP0av18d2kKZ8y_test_token_e2e"
STAFF_ID = 900_001
# Deadlines in the bundled opportunities are judged against a fixed day, not the clock.
TODAY = date(2026, 9, 1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "bot_client(**options): ClientOptions for the bot fixture (timeouts, rate limits)",
    )
    config.addinivalue_line("markers", "bot_settings(**values): extra Settings for the bot")


def unthrottled() -> Throttles:
    """Budgets no test conversation reaches: tests type faster than people do. Tests of
    the flood protection put ``Throttles.default()`` back."""
    return Throttles(Throttle(1_000_000, 1_000_000), Throttle(1_000_000, 1_000_000))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("e2e-template") / "cagbot.db"

    async def build() -> None:
        from cagbot.content import import_sources

        store = await Store.open(path)
        try:
            report = await import_sources(store, [*seed_files(), opportunities_file()])
            assert report.added > 0, report.summary()
        finally:
            await store.close()

    asyncio.run(build())
    return path


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Bot:
    """The running bot and the emulator it talks to, with conversational helpers."""

    emu: Emulator
    app: BotApp
    errors: list[logging.LogRecord] = field(default_factory=list)

    def user(self, language_code: str | None = "en", user_id: int | None = None) -> SimUser:
        return self.emu.add_user(language_code=language_code, user_id=user_id)

    async def say(self, user: SimUser, text: str, chat: SimChat | None = None) -> BotMessage:
        """``user`` writes ``text``; returns the bot's next message in that chat."""
        self.emu.send_text(user, text, chat=chat)
        return await self.emu.next_message(chat.id if chat else user.id)

    async def press(self, user: SimUser, message: BotMessage, data: str) -> dict[str, Any]:
        """Press a button that is on ``message``; returns the callback answer."""
        query_id = self.emu.press(user, message, data)
        await self.emu.wait_for(lambda: query_id in self.emu.callback_answers)
        return self.emu.callback_answers[query_id]

    async def forge(self, user: SimUser, message: BotMessage, data: str) -> dict[str, Any]:
        query_id = self.emu.press(user, message, data, forge=True)
        await self.emu.wait_for(lambda: query_id in self.emu.callback_answers)
        return self.emu.callback_answers[query_id]

    async def edited(self, message: BotMessage) -> BotMessage:
        return await self.emu.next_edit(message.chat_id, message.message_id)

    async def settle(self, timeout: float = 30.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has fetched every injected update and finished handling it."""
        await self.emu.wait_for(lambda: self.emu.pending_updates() == 0, timeout)
        # The updater queues a batch before its next getUpdates confirms it, and PTB marks
        # each update done only when its handlers (and the error handler) have finished.
        async with asyncio.timeout(timeout):
            await self.app.update_queue.join()


async def subscribe(bot: Bot, user: SimUser, chat: SimChat | None = None) -> BotMessage:
    """``user`` sends /subscribe and confirms it; returns the confirmation (the editor's
    message, edited)."""
    prompt = await bot.say(user, "/subscribe", chat=chat)
    from cagbot import callbacks

    await bot.press(user, prompt, callbacks.encode("subok"))
    return await bot.edited(prompt)


def button(message: BotMessage, text_part: str) -> str:
    """callback_data of the first button whose label contains ``text_part``."""
    for row in message.buttons():
        for label, data in row:
            if text_part in label and data is not None:
                return data
    raise AssertionError(f"no button with {text_part!r}: {message.buttons()}")


@pytest.fixture
def error_log() -> Iterator[_Errors]:
    handler = _Errors()
    logger = logging.getLogger("cagbot")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@pytest.fixture
async def bot(
    request: pytest.FixtureRequest, tmp_path: Path, template_db: Path, error_log: _Errors
) -> AsyncIterator[Bot]:
    database = tmp_path / "cagbot.db"
    shutil.copy(template_db, database)
    emu = Emulator(token=TOKEN, limits=FloodLimits.off())
    await emu.start(port=0)
    settings = Settings(  # type: ignore[call-arg]
        token=TOKEN,
        api_base_url=emu.base_url,
        database=database,
        admin_ids=frozenset({STAFF_ID}),
        _env_file=None,
        **(extra.kwargs if (extra := request.node.get_closest_marker("bot_settings")) else {}),
    )
    marker = request.node.get_closest_marker("bot_client")
    # Pacing each private chat to ~1 send/s is production's defence against 429s; the
    # emulator's flood limits are off here, so tests leave it out unless they ask for it.
    options = {"pace_private_chats": False, **(marker.kwargs if marker else {})}
    app = build_application(settings, ClientOptions(**options))
    app.bot_data.today = lambda: TODAY
    app.bot_data.throttles = unthrottled()
    try:
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES
        )
        try:
            yield Bot(emu, app, error_log.records)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
    finally:
        await emu.stop()
    assert emu.violations == []
    assert [record.getMessage() for record in error_log.records] == []


Prepare = Callable[[Emulator, Path], Awaitable[dict[str, object]]]


@pytest.fixture
def start_bot(
    tmp_path: Path, template_db: Path, error_log: _Errors
) -> Iterator[Callable[[Prepare], Awaitable[Bot]]]:
    """Like the ``bot`` fixture, with settings that depend on chats made in the emulator
    before the bot starts (channels must exist for the start-up check)."""

    async def start(prepare: Prepare) -> Bot:
        database = tmp_path / "cagbot.db"
        shutil.copy(template_db, database)
        emu = Emulator(token=TOKEN, limits=FloodLimits.off())
        await emu.start(port=0)
        emu.add_user(user_id=STAFF_ID)
        overrides = await prepare(emu, database)
        settings = Settings(  # type: ignore[call-arg]
            token=TOKEN,
            api_base_url=emu.base_url,
            database=database,
            admin_ids=frozenset({STAFF_ID}),
            _env_file=None,
            **overrides,
        )
        app = build_application(settings, ClientOptions(pace_private_chats=False))
        app.bot_data.today = lambda: TODAY
        app.bot_data.throttles = unthrottled()
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES
        )
        return Bot(emu, app, error_log.records)

    yield start
    assert [record.getMessage() for record in error_log.records] == []


async def stop_bot(bot: Bot) -> None:
    assert bot.app.updater is not None
    await bot.app.updater.stop()
    await bot.app.stop()
    await bot.app.shutdown()
    await bot.emu.stop()
    assert bot.emu.violations == []
