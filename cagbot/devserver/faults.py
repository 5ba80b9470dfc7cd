"""Injected faults: the network and Telegram misbehaving, never the bot's fault."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cagbot.devserver.model import SimChat, SimUser

if TYPE_CHECKING:
    from cagbot.devserver.emulator import Emulator


@dataclass(slots=True)
class ScriptedFault:
    """Answer the next ``times`` matching requests with this error instead of serving them."""

    method: str
    chat_id: int | None
    error_code: int
    description: str
    times: int
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None
    #: Close the connection without any response instead of answering with an error.
    drop: bool = False

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.times <= 0 or self.method != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id


_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def _chat_id(target: SimUser | SimChat | int) -> int:
    return target if isinstance(target, int) else target.id


class Faults:
    """Switches for the faults the emulator can inject, reachable as ``emu.faults``."""

    def __init__(self, emulator: Emulator) -> None:
        self._emu = emulator
        self.blocked: set[int] = set()
        self.forgotten: set[int] = set()
        #: old group id -> new supergroup id
        self.migrated: dict[int, int] = {}
        self.scripted: list[ScriptedFault] = []
        self.delays: dict[str, float] = {}
        self.drops: dict[str, int] = {}
        self.p_5xx = 0.0
        self.methods_5xx: frozenset[str] | None = None
        #: method -> (monotonic end, error code): a timed outage (see :meth:`outage`).
        self.outages: dict[str, tuple[float, int]] = {}
        self._rng = random.Random(0)  # noqa: S311 - fault dice, not cryptography

    def block(self, target: SimUser | SimChat | int) -> None:
        """The user blocked the bot: sends to their private chat get 403."""
        self.blocked.add(_chat_id(target))

    def unblock(self, target: SimUser | SimChat | int) -> None:
        self.blocked.discard(_chat_id(target))

    def forget_chat(self, target: SimUser | SimChat | int) -> None:
        """Telegram no longer knows the chat: 400 "chat not found" (deleted account, ...)."""
        self.forgotten.add(_chat_id(target))

    def migrate(self, group: SimChat | int) -> int:
        """Upgrade a group to a supergroup; returns the new chat id (sends there work)."""
        return self._emu._migrate_group(_chat_id(group))

    def random_5xx(self, p: float, methods: list[str] | None = None, seed: int = 0) -> None:
        """Answer 502 "Bad Gateway" with probability ``p``.

        ``methods=None`` means every send/edit method (getUpdates and getMe stay reliable so
        an Application can start); pass names to choose others.
        """
        self.p_5xx = p
        self.methods_5xx = frozenset(m.lower() for m in methods) if methods is not None else None
        self._rng = random.Random(seed)  # noqa: S311

    def delay(self, method: str, seconds: float) -> None:
        """Answer ``method`` only after ``seconds`` (the request is still served, like Telegram
        serving a send whose client already timed out). ``seconds=0`` removes the delay."""
        if seconds > 0:
            self.delays[method.lower()] = seconds
        else:
            self.delays.pop(method.lower(), None)

    def drop_connections(self, method: str, times: int = 1) -> None:
        """Close the connection without an answer for the next ``times`` calls of ``method``."""
        self.drops[method.lower()] = self.drops.get(method.lower(), 0) + times

    def script(
        self,
        method: str,
        chat_id: int | None = None,
        error_code: int = 400,
        description: str | None = None,
        times: int = 1,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        drop: bool = False,
    ) -> ScriptedFault:
        """Fail the next ``times`` calls of ``method`` (for ``chat_id`` only, if given)."""
        if description is None:
            template = _DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
            description = template.format(retry_after=retry_after)
        fault = ScriptedFault(
            method=method.lower(),
            chat_id=chat_id,
            error_code=error_code,
            description=description,
            times=times,
            retry_after=retry_after,
            migrate_to_chat_id=migrate_to_chat_id,
            drop=drop,
        )
        self.scripted.append(fault)
        return fault

    # -- timed outages (issue 10): a Bot API outage of a given length, time-compressed
    # in tests together with the bot's retry settings.

    def outage(self, method: str, seconds: float, error_code: int = 502) -> None:
        """Answer every call of ``method`` with ``error_code`` (502 Bad Gateway, 500, ...)
        for the next ``seconds``; ``seconds=0`` ends the outage now."""
        if seconds > 0:
            self.outages[method.lower()] = (time.monotonic() + seconds, error_code)
        else:
            self.outages.pop(method.lower(), None)

    def in_outage(self, method: str) -> int | None:
        """The error code to answer ``method`` with while its outage lasts, else None."""
        entry = self.outages.get(method)
        if entry is None:
            return None
        if time.monotonic() >= entry[0]:
            del self.outages[method]
            return None
        return entry[1]

    def clear(self) -> None:
        """Remove every injected fault."""
        self.blocked.clear()
        self.forgotten.clear()
        self.scripted.clear()
        self.delays.clear()
        self.drops.clear()
        self.outages.clear()
        self.p_5xx = 0.0

    # -- used by the emulator -------------------------------------------------------------

    def take_scripted(self, method: str, chat_id: int | None) -> ScriptedFault | None:
        for fault in self.scripted:
            if fault.matches(method, chat_id):
                fault.times -= 1
                return fault
        return None

    def take_drop(self, method: str) -> bool:
        left = self.drops.get(method, 0)
        if left <= 0:
            return False
        self.drops[method] = left - 1
        return True

    def roll_5xx(self, method: str, is_send: bool) -> bool:
        if self.p_5xx <= 0:
            return False
        applies = is_send if self.methods_5xx is None else method in self.methods_5xx
        return applies and self._rng.random() < self.p_5xx
