"""Forum topics made by the bot (``createForumTopic``), for Ask CAG's one topic per person.

A mixin of :class:`~cagbot.devserver.emulator.Emulator`: the topic joins the chat's
``topics`` (so sends with its ``message_thread_id`` are accepted, others refused) and its
name is kept in :attr:`topic_names` for tests to read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cagbot.devserver.errors import ApiError, bad_request
from cagbot.devserver.model import JsonDict, SimChat
from cagbot.devserver.text import utf16_len

if TYPE_CHECKING:
    from collections.abc import Callable

#: Telegram's default topic icon colour (one of six it accepts).
_ICON_COLORS = frozenset({7322096, 16766590, 13338331, 9367192, 16749490, 16478047})
_DEFAULT_COLOR = 7322096


class AskMethods:
    """``_m_createForumTopic``; needs ``_chat`` and ``_check_rights`` of the Emulator."""

    _chat: Callable[..., SimChat]
    _check_rights: Callable[[SimChat], None]

    @property
    def topic_names(self) -> dict[tuple[int, int], str]:
        """(chat id, message_thread_id) -> name, for the topics the bot created."""
        names: dict[tuple[int, int], str] | None = getattr(self, "_topic_names", None)
        if names is None:
            names = {}
            self._topic_names = names
        return names

    async def _m_createForumTopic(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params["chat_id"])
        self._check_rights(chat)
        if not chat.is_forum:
            raise bad_request("the chat is not a forum")
        name = str(params["name"])
        if not 1 <= utf16_len(name) <= 128:
            raise bad_request("TOPIC_NAME_INVALID" if name else "topic name is empty")
        color = params.get("icon_color", _DEFAULT_COLOR)
        if color not in _ICON_COLORS:
            raise bad_request("TOPIC_ICON_COLOR_INVALID")
        if not chat.bot_is_admin:
            # The deployment's fault (the bot lacks can_manage_topics), not a broken rule.
            raise ApiError(400, "Bad Request: not enough rights to create a topic")
        thread_id = chat.next_message_id()  # the id of the "topic created" service message
        chat.topics.add(thread_id)
        self.topic_names[(chat.id, thread_id)] = name
        return {"message_thread_id": thread_id, "name": name, "icon_color": color}
