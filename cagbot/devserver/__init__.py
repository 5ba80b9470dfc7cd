"""A loopback Telegram Bot API emulator for tests, benchmarks and the terminal demo.

No machine running cagbot's tests can reach Telegram, so the real PTB ``Application`` talks to
this aiohttp server instead (``ApplicationBuilder().base_url(emu.base_url)``). The emulator
speaks Telegram's envelope, validates every request the way the Bot API does (each rule the bot
breaks is a 400 *and* a recorded :class:`Violation`), enforces flood limits, injects faults, and
lets tests play users and chats::

    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emu:
        user = emu.add_user(language_code="ru", first_name="Aida")
        emu.send_text(user, "/start")
        reply = await emu.next_message(user.id)
        emu.press(user, reply, "cb:data")
        assert emu.violations == []

It never reads ``../shared`` at run time: the method table lives in :mod:`.spec`.
"""

from cagbot.devserver.emulator import Emulator
from cagbot.devserver.faults import Faults, ScriptedFault
from cagbot.devserver.limits import FloodLimits
from cagbot.devserver.model import BotMessage, SimChat, SimUser, Stats, Violation

__all__ = [
    "BotMessage",
    "Emulator",
    "Faults",
    "FloodLimits",
    "ScriptedFault",
    "SimChat",
    "SimUser",
    "Stats",
    "Violation",
]
