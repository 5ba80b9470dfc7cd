"""Simulated users and chats, the bot's messages as the emulator keeps them, and counters."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

ChatType = Literal["private", "group", "supergroup", "channel"]
JsonDict = dict[str, Any]


@dataclass(slots=True)
class SimUser:
    """A human user; their private chat with the bot has ``id == user.id``."""

    id: int
    first_name: str
    language_code: str | None = None
    username: str | None = None
    last_name: str | None = None
    #: False until the user has written to the bot: Telegram refuses the first private message.
    started: bool = True

    def to_api(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(slots=True)
class SimChat:
    """A chat the bot is in. Groups have negative ids; supergroups start with -100."""

    id: int
    type: ChatType
    title: str | None = None
    #: Users who administer the group; the first one is its creator.
    admins: list[int] = field(default_factory=list)
    members: set[int] = field(default_factory=set)
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    bot_is_admin: bool = False
    #: A supergroup with forum topics, and the topics' thread ids.
    is_forum: bool = False
    topics: set[int] = field(default_factory=set)
    #: The bot's rights: a channel admin without can_post_messages, a restricted member of
    #: a group (can_send_messages false), or not in the chat at all.
    bot_can_post: bool = True
    bot_restricted: bool = False
    bot_member: bool = True
    #: Per-chat message ids are shared by the users' and the bot's messages, as in Telegram.
    last_message_id: int = 0

    def to_api(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = self.first_name or ""
            if self.last_name:
                data["last_name"] = self.last_name
        else:
            data["title"] = self.title or ""
        if self.username:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


@dataclass(slots=True)
class BotMessage:
    """A message the bot sent, in its current state (edits applied)."""

    message_id: int
    chat_id: int
    text: str | None
    parse_mode: str | None = None
    reply_markup: JsonDict | None = None
    date: int = 0
    edits: int = 0
    #: ``text`` for sendMessage, ``photo`` for sendPhoto (text is then the caption), ...
    kind: str = "text"
    #: Entities after parsing ``parse_mode`` (Bot API MessageEntity dicts), or None.
    entities: list[JsonDict] | None = None
    #: The text as the bot sent it, before entity parsing (HTML tags included).
    raw_text: str | None = None
    reply_to_message_id: int | None = None
    #: The forum topic the message went to (None: the chat's general area).
    message_thread_id: int | None = None
    #: Sent without sound (``disable_notification``), and not forwardable (``protect_content``).
    disable_notification: bool = False
    protect_content: bool = False

    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Inline keyboard rows as ``(text, callback_data or url or None)`` pairs."""
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        rows: list[list[tuple[str, str | None]]] = []
        for row in self.reply_markup["inline_keyboard"]:
            rows.append([(b.get("text", ""), b.get("callback_data", b.get("url"))) for b in row])
        return rows

    def callback_data(self) -> list[str]:
        """Every callback_data on this message's inline keyboard."""
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        return [
            b["callback_data"]
            for row in self.reply_markup["inline_keyboard"]
            for b in row
            if "callback_data" in b
        ]

    def to_api(self, chat: JsonDict, bot_user: JsonDict) -> JsonDict:
        data: JsonDict = {
            "message_id": self.message_id,
            "from": bot_user,
            "chat": chat,
            "date": self.date,
        }
        key_text, key_entities = (
            ("text", "entities")
            if self.kind in ("text", "via_bot")
            else ("caption", "caption_entities")
        )
        if self.kind == "photo":
            data["photo"] = [
                {
                    "file_id": f"photo-{self.chat_id}-{self.message_id}",
                    "file_unique_id": f"p{self.message_id}",
                    "width": 1,
                    "height": 1,
                }
            ]
        if self.text is not None:
            data[key_text] = self.text
        if self.entities:
            data[key_entities] = self.entities
        if self.edits:
            data["edit_date"] = self.date
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup
        if self.message_thread_id is not None:
            data["message_thread_id"] = self.message_thread_id
            data["is_topic_message"] = True
        if self.protect_content:
            data["has_protected_content"] = True
        return data


@dataclass(frozen=True, slots=True)
class Violation:
    """A request the real Bot API would reject because the bot broke a rule (the bot's fault)."""

    method: str
    description: str
    params: JsonDict
    error_code: int = 400


@dataclass(slots=True)
class Stats:
    """Counters for tests and benchmarks."""

    requests: Counter[str] = field(default_factory=Counter)
    sends_accepted: int = 0
    flood_429: int = 0
    violations: int = 0
    faults_injected: int = 0
    #: ``time.monotonic()`` of every accepted send, compact (8 bytes each).
    send_times: array[float] = field(default_factory=lambda: array("d"))
    delivered: Counter[int] = field(default_factory=Counter)

    def sends_per_second(self) -> float:
        """Achieved rate between the first and the last accepted send."""
        if len(self.send_times) < 2:
            return 0.0
        span = self.send_times[-1] - self.send_times[0]
        return (len(self.send_times) - 1) / span if span > 0 else float("inf")
