"""The emulator: an aiohttp server speaking the Bot API, plus the test-side controls.

:class:`Emulator` is assembled from mixins, one module each, all sharing
:class:`~cagbot.devserver.state.EmulatorState`:

- :mod:`.state` the tables and the update queue; :mod:`.world` users, chats, forums, topics;
- :mod:`.driver` what tests do as users and read back; :mod:`.server` HTTP and dispatch;
- :mod:`.checks` the steps methods share; ``methods_<group>`` the Bot API methods, grouped.

To serve more Bot API methods, write ``cagbot/devserver/methods_<feature>.py`` holding a class
``<Feature>Methods(SharedChecks)`` (or ``(EmulatorState)`` if it needs no shared checks) of
``async def _m_<MethodName>(self, params: JsonDict) -> ...`` coroutines, and add that class to
``Emulator``'s bases below: a one-line change. The server dispatches by name
(``getattr(self, f"_m_{name}")``), so nothing else needs registering; the method must be in
:mod:`.spec`.
"""

from __future__ import annotations

from cagbot.devserver.driver import Driver
from cagbot.devserver.methods_chats import ChatMethods
from cagbot.devserver.methods_files import FileMethods
from cagbot.devserver.methods_messages import MessageMethods
from cagbot.devserver.methods_profile import ProfileMethods
from cagbot.devserver.methods_updates import UpdateMethods
from cagbot.devserver.server import Server
from cagbot.devserver.state import DEFAULT_TOKEN
from cagbot.devserver.world import World

__all__ = ["DEFAULT_TOKEN", "Emulator"]


class Emulator(
    Server,
    World,
    Driver,
    MessageMethods,
    ChatMethods,
    ProfileMethods,
    UpdateMethods,
    FileMethods,
):
    """A loopback Bot API server for one bot token, with simulated users and chats.

    ``record_messages=False`` keeps only counters (for 100k-chat benchmarks);
    ``max_messages_per_chat`` keeps just the newest messages of each chat.
    One base per line: a new ``methods_<feature>`` mixin is one more line here.
    """
