"""The emulator: an aiohttp server speaking the Bot API, plus the test-side controls."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from cagbot.devserver.faults import Faults
from cagbot.devserver.limits import FloodLimits
from cagbot.devserver.model import BotMessage, JsonDict, SimChat, SimUser, Stats, Violation

DEFAULT_TOKEN = "123456:TEST-token-aaaaaaaaaaaaaaaaaaaa"  # noqa: S105 - a fake


class Emulator:
    """A loopback Bot API server for one bot token. Skeleton: filled in next commit."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        limits: FloodLimits | None = None,
        bot_username: str = "cagbot_test_bot",
        bot_first_name: str = "cagbot",
        *,
        record_messages: bool = True,
        max_messages_per_chat: int | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.token = token
        self.limits = limits or FloodLimits()
        self.bot_username = bot_username
        self.faults = Faults(self)
        self.stats = Stats()
        self.violations: list[Violation] = []
        self.callback_answers: dict[str, JsonDict] = {}
        self.inline_answers: dict[str, JsonDict] = {}
        self.base_url = ""
        self.port = 0

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def add_user(
        self,
        first_name: str = "User",
        language_code: str | None = "en",
        username: str | None = None,
        user_id: int | None = None,
        last_name: str | None = None,
        started: bool = True,
    ) -> SimUser:
        raise NotImplementedError

    def add_group(
        self,
        title: str = "Group",
        admins: list[SimUser] | None = None,
        supergroup: bool = False,
        members: list[SimUser] | None = None,
        bot_is_admin: bool = False,
        chat_id: int | None = None,
    ) -> SimChat:
        raise NotImplementedError

    def send_text(
        self,
        user: SimUser,
        text: str,
        chat: SimChat | None = None,
        reply_to: BotMessage | int | None = None,
    ) -> JsonDict:
        raise NotImplementedError

    def edit_text(self, user: SimUser, message: JsonDict, text: str) -> JsonDict:
        raise NotImplementedError

    def press(self, user: SimUser, message: BotMessage, data: str, *, forge: bool = False) -> str:
        raise NotImplementedError

    def inline_query(
        self, user: SimUser, query: str, offset: str = "", chat_type: str | None = "sender"
    ) -> str:
        raise NotImplementedError

    def inject(self, update: JsonDict) -> int:
        raise NotImplementedError

    async def next_message(self, chat_id: int, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        raise NotImplementedError

    async def next_edit(self, chat_id: int, message_id: int, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        raise NotImplementedError

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> None:  # noqa: ASYNC109
        raise NotImplementedError

    def messages(self, chat_id: int) -> list[BotMessage]:
        raise NotImplementedError

    def commands(self, scope: JsonDict | None = None, language_code: str = "") -> list[JsonDict]:
        raise NotImplementedError

    def _migrate_group(self, group_id: int) -> int:
        raise NotImplementedError
