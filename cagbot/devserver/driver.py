"""The test driver: users act (write, press, query) and tests wait for what the bot did."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, TypeVar

from cagbot.devserver.methods_profile import scope_key
from cagbot.devserver.model import BotMessage, JsonDict, SimChat, SimUser
from cagbot.devserver.state import EmulatorState
from cagbot.devserver.text import utf16_len

_T = TypeVar("_T")


class Driver(EmulatorState):
    """What a test does as the users (``send_text``, ``press``, ``inline_query``…) and reads back
    (``messages``, ``next_message``, ``next_edit``, ``wait_for``)."""

    def send_text(
        self,
        user: SimUser,
        text: str,
        chat: SimChat | None = None,
        reply_to: BotMessage | int | None = None,
        thread_id: int | None = None,
    ) -> JsonDict:
        """The user writes ``text`` (a /command gets a bot_command entity), in a forum
        topic with ``thread_id``; returns the message."""
        target = chat if chat is not None else self.chats[user.id]
        if target.type == "private":
            user.started = True
            self.faults.unblock(user)
        else:
            target.members.add(user.id)
        message: JsonDict = {
            "message_id": target.next_message_id(),
            "from": user.to_api(),
            "chat": target.to_api(),
            "date": int(time.time()),
            "text": text,
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0] if text.strip() else text
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        if reply_to is not None:
            replied = (
                reply_to
                if isinstance(reply_to, BotMessage)
                else self._messages.get(target.id, {}).get(reply_to)
            )
            if replied is not None:
                message["reply_to_message"] = replied.to_api(target.to_api(), self.bot_user)
        self.inject({"message": message})
        return message

    def send_photo(
        self, user: SimUser, file_id: str, caption: str | None = None, chat: SimChat | None = None
    ) -> JsonDict:
        """The user sends a photo (as Telegram delivers it: sizes with a shared file_id
        prefix, the largest last) with an optional plain-text caption."""
        target = chat if chat is not None else self.chats[user.id]
        if target.type == "private":
            user.started = True
        else:
            target.members.add(user.id)
        message: JsonDict = {
            "message_id": target.next_message_id(),
            "from": user.to_api(),
            "chat": target.to_api(),
            "date": int(time.time()),
            "photo": [
                {
                    "file_id": f"{file_id}-s",
                    "file_unique_id": f"{file_id}s",
                    "width": 90,
                    "height": 90,
                },
                {
                    "file_id": file_id,
                    "file_unique_id": f"{file_id}x",
                    "width": 1280,
                    "height": 1280,
                },
            ],
        }
        if caption is not None:
            message["caption"] = caption
        self.inject({"message": message})
        return message

    def send_voice(
        self,
        user: SimUser,
        audio: bytes,
        duration: int,
        *,
        mime_type: str = "audio/ogg",
        file_size: int | None = None,
    ) -> JsonDict:
        """The user records a voice note of ``duration`` seconds in their private chat;
        its bytes are served by getFile and the file URL. ``file_size``: claim another
        size (a file too big to download) than the bytes held."""
        target = self.chats[user.id]
        user.started = True
        stored = self.files.add(audio, "voice", "oga", file_size)
        message: JsonDict = {
            "message_id": target.next_message_id(),
            "from": user.to_api(),
            "chat": target.to_api(),
            "date": int(time.time()),
            "voice": {
                "file_id": stored.file_id,
                "file_unique_id": stored.unique_id,
                "duration": duration,
                "mime_type": mime_type,
                "file_size": stored.size,
            },
        }
        self.inject({"message": message})
        return message

    def edit_text(self, user: SimUser, message: JsonDict, text: str) -> JsonDict:
        """The user edits one of their messages; injects an ``edited_message`` update."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            edited["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        self.inject({"edited_message": edited})
        return edited

    def press(self, user: SimUser, message: BotMessage, data: str, *, forge: bool = False) -> str:
        """The user presses the button carrying ``data`` on ``message``; returns the query id.

        Raises ValueError if no such button is on the message's current keyboard, unless
        ``forge`` (a stale or hand-made callback, as a malicious client could send).
        """
        current = self._messages.get(message.chat_id, {}).get(message.message_id, message)
        if not forge and data not in current.callback_data():
            raise ValueError(
                f"message {current.message_id} in chat {current.chat_id} has no button with "
                f"callback_data {data!r}; buttons: {current.buttons()}"
            )
        chat = self.chats[current.chat_id]
        query_id = str(next(self._query_ids))
        query: JsonDict = {
            "id": query_id,
            "from": user.to_api(),
            "chat_instance": str(abs(chat.id) * 7919 % 1_000_000_007),
            "data": data,
            "message": current.to_api(chat.to_api(), self.bot_user),
        }
        self._callback_queries[query_id] = query
        self.inject({"callback_query": query})
        return query_id

    def inline_query(
        self, user: SimUser, query: str, offset: str = "", chat_type: str | None = "sender"
    ) -> str:
        """The user types ``@bot query``; returns the inline query id."""
        query_id = str(next(self._query_ids))
        payload: JsonDict = {
            "id": query_id,
            "from": user.to_api(),
            "query": query,
            "offset": offset,
        }
        if chat_type is not None:
            payload["chat_type"] = chat_type
        self._inline_queries[query_id] = payload
        self.inject({"inline_query": payload})
        return query_id

    def pending_updates(self) -> int:
        return len(self._updates)

    # -- reading what the bot did -----------------------------------------------------------

    def messages(self, chat_id: int) -> list[BotMessage]:
        """The bot's messages in the chat, oldest first, in their current (edited) state."""
        return list(self._messages.get(chat_id, {}).values())

    def message(self, chat_id: int, message_id: int) -> BotMessage | None:
        return self._messages.get(chat_id, {}).get(message_id)

    def commands(self, scope: JsonDict | None = None, language_code: str = "") -> list[JsonDict]:
        """The bot's command list for exactly this scope and language, as setMyCommands left it."""
        return list(self._commands.get((scope_key(scope), language_code), []))

    async def next_message(self, chat_id: int, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The oldest bot message in the chat not yet returned by this method."""

        def find() -> BotMessage | None:
            cursor = self._read_cursor.get(chat_id, 0)
            for message_id, msg in self._messages.get(chat_id, {}).items():
                if message_id > cursor:
                    self._read_cursor[chat_id] = message_id
                    return msg
            return None

        return await self._wait(find, timeout, f"no new bot message in chat {chat_id}")

    async def next_edit(self, chat_id: int, message_id: int, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The message once it has been edited more times than when last returned here."""
        key = (chat_id, message_id)

        def find() -> BotMessage | None:
            msg = self._messages.get(chat_id, {}).get(message_id)
            if msg is not None and msg.edits > self._edit_cursor.get(key, 0):
                self._edit_cursor[key] = msg.edits
                return msg
            return None

        return await self._wait(find, timeout, f"message {message_id} in chat {chat_id} not edited")

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until ``predicate()`` is truthy (re-checked on every bot request)."""

        def find() -> bool | None:
            return True if predicate() else None

        await self._wait(find, timeout, "condition not met")

    async def _wait(self, find: Callable[[], _T | None], timeout: float, what: str) -> _T:  # noqa: ASYNC109
        event = asyncio.Event()
        self._activity.add(event)
        try:
            async with asyncio.timeout(timeout):
                while True:
                    event.clear()
                    found = find()
                    if found is not None:
                        return found
                    # Wake on bot activity, and poll now and then for test-side state.
                    try:
                        async with asyncio.timeout(0.05):
                            await event.wait()
                    except TimeoutError:
                        pass
        except TimeoutError:
            raise TimeoutError(f"after {timeout} s: {what}") from None
        finally:
            self._activity.discard(event)
