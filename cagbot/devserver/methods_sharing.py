"""Sharing and acting in one tap: ``sendDocument`` (its bytes kept for tests to read), the
``copy_text`` and ``switch_inline_query_chosen_chat`` buttons checked field by field, and
the driver side of a chosen-chat inline switch: the user picks a chat, Telegram asks the
bot's inline mode with the button's query, and the chosen result lands in that chat as a
message "via @bot" whose buttons the people there can press.

The field tables below use the Bot API documentation's vocabulary so tests compare them
with the published spec (tests/helpers/bot_api.tsv), as for :mod:`cagbot.devserver.spec`.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any, Final, Protocol

from cagbot.devserver.errors import ApiError, bad_request
from cagbot.devserver.files import Files
from cagbot.devserver.model import BotMessage, JsonDict, SimChat, SimUser
from cagbot.devserver.spec import Param
from cagbot.devserver.text import parse_text

#: Objects inside an inline keyboard button that this module checks, field by field.
BUTTON_OBJECTS: Final[dict[str, dict[str, Param]]] = {
    "CopyTextButton": {"text": Param(("String",), required=True)},
    "SwitchInlineQueryChosenChat": {
        "query": Param(("String",)),
        "allow_user_chats": Param(("Boolean",)),
        "allow_bot_chats": Param(("Boolean",)),
        "allow_group_chats": Param(("Boolean",)),
        "allow_channel_chats": Param(("Boolean",)),
    },
}
#: Telegram's limits on a copied text and an inline query.
MAX_COPY_TEXT: Final = 256
MAX_INLINE_QUERY: Final = 256
_TYPES: Final = {"String": str, "Boolean": bool}
_URL: Final = re.compile(r"https?://\S+")
#: Which allow_* flag lets a chat of each type be picked.
_ALLOWS: Final = {
    "private": "allow_user_chats",
    "group": "allow_group_chats",
    "supergroup": "allow_group_chats",
    "channel": "allow_channel_chats",
}


class Upload(str):
    """A file sent in a multipart request: a str (the form value the table coerces) that
    carries its name and bytes."""

    filename: str
    data: bytes

    def __new__(cls, filename: str, data: bytes) -> Upload:
        made = super().__new__(cls, "<uploaded file>")
        made.filename = filename
        made.data = data
        return made


def resolve_attachments(params: JsonDict) -> None:
    """Put each file sent as ``attach://<name>`` (a separate multipart field) in the
    parameter that names it, as Telegram reads them."""
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            upload = params.get(value.removeprefix("attach://"))
            if isinstance(upload, Upload):
                params[key] = upload
                params.pop(value.removeprefix("attach://"))


@dataclass(frozen=True, slots=True)
class SentDocument:
    """A document the bot sent: where, under which name, and its bytes."""

    chat_id: int
    message_id: int
    filename: str
    data: bytes
    mime_type: str | None


def _check_object(name: str, value: Any) -> None:
    fields = BUTTON_OBJECTS[name]
    if not isinstance(value, dict):
        raise bad_request(f"can't parse inline keyboard button: {name} must be an Object")
    for key, item in value.items():
        param = fields.get(key)
        if param is None:
            continue  # Telegram ignores fields it does not know
        if not any(isinstance(item, _TYPES[t]) for t in param.types):
            raise bad_request(f'can\'t parse inline keyboard button: field "{key}" has wrong type')
    for key, param in fields.items():
        if param.required and key not in value:
            raise bad_request(f"can't parse inline keyboard button: Can't find field \"{key}\"")


def check_sharing_button(button: JsonDict) -> None:
    """The copy_text and chosen-chat switch of one inline button, as Telegram checks them."""
    if "copy_text" in button:
        _check_object("CopyTextButton", button["copy_text"])
        text = button["copy_text"]["text"]
        if not 1 <= len(text) <= MAX_COPY_TEXT:
            raise bad_request("COPY_TEXT_INVALID")
    if "switch_inline_query_chosen_chat" in button:
        chosen = button["switch_inline_query_chosen_chat"]
        _check_object("SwitchInlineQueryChosenChat", chosen)
        if len(chosen.get("query", "")) > MAX_INLINE_QUERY:
            raise bad_request("BUTTON_TYPE_INVALID")
        if not any(chosen.get(flag) for flag in (*_ALLOWS.values(), "allow_bot_chats")):
            raise bad_request("BUTTON_TYPE_INVALID")  # no chat could ever be chosen


class _Host(Protocol):
    """What the mixin uses of :class:`~cagbot.devserver.emulator.Emulator`."""

    files: Files
    chats: dict[int, SimChat]
    inline_answers: dict[str, JsonDict]

    def _chat(self, chat_id: int | str, *, sending: bool = True) -> SimChat: ...
    def _reply_markup(self, params: JsonDict, *, inline_only: bool = False) -> JsonDict | None: ...
    def _store(self, msg: BotMessage) -> None: ...
    def inline_query(
        self, user: SimUser, query: str, offset: str = "", chat_type: str | None = "sender"
    ) -> str: ...
    def _send(
        self,
        chat: SimChat,
        params: JsonDict,
        *,
        kind: str,
        text: str | None,
        raw_text: str | None,
        entities: list[JsonDict] | None,
        markup: JsonDict | None,
    ) -> JsonDict: ...
    @property
    def documents(self) -> list[SentDocument]: ...


class SharingMethods:
    """Mixin of :class:`~cagbot.devserver.emulator.Emulator` (``self`` is the emulator)."""

    @property
    def documents(self) -> list[SentDocument]:
        """Every document the bot sent, oldest first."""
        found: list[SentDocument] | None = self.__dict__.get("_sent_documents")
        if found is None:
            found = []
            self.__dict__["_sent_documents"] = found
        return found

    async def _m_sendDocument(self: _Host, params: JsonDict) -> JsonDict:
        chat = self._chat(params["chat_id"])
        document = params.get("document")
        if isinstance(document, Upload):
            filename, data = document.filename, document.data
        elif isinstance(document, str) and _URL.fullmatch(document):
            filename, data = document.rsplit("/", 1)[-1] or "file", b""
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        caption, entities = None, None
        if "caption" in params:
            from cagbot.devserver import rules

            caption, entities = rules.check_text(
                params["caption"], params.get("parse_mode"), caption=True
            )
        sent = self._send(
            chat,
            params,
            kind="document",
            text=caption,
            raw_text=params.get("caption"),
            entities=entities,
            markup=self._reply_markup(params),
        )
        suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        stored = self.files.add(data, "documents", suffix)
        mime = "text/calendar" if suffix == "ics" else None
        sent["document"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_name": filename,
            "file_size": stored.size,
            **({"mime_type": mime} if mime else {}),
        }
        message_id = int(sent["message_id"])
        self.documents.append(SentDocument(chat.id, message_id, filename, data, mime))
        return sent

    # -- driving a chosen-chat inline switch --------------------------------------------------

    def choose_chat(
        self: _Host, user: SimUser, message: BotMessage, text: str, chat: SimChat
    ) -> str:
        """``user`` taps the chosen-chat switch labelled ``text`` on ``message`` and picks
        ``chat`` (refused unless the button allows that type of chat): Telegram then sends
        the bot an inline query with the button's query. Returns the inline query id."""
        button = next(
            (
                b
                for row in (message.reply_markup or {}).get("inline_keyboard", [])
                for b in row
                if b.get("text") == text and "switch_inline_query_chosen_chat" in b
            ),
            None,
        )
        if button is None:
            raise ValueError(f"no chosen-chat switch {text!r} on message {message.message_id}")
        chosen: JsonDict = button["switch_inline_query_chosen_chat"]
        if not chosen.get(_ALLOWS[chat.type]):
            raise ValueError(f"the button does not allow picking a {chat.type} chat")
        kind = "sender" if chat.type == "private" and chat.id == user.id else chat.type
        query_id = self.inline_query(user, str(chosen.get("query", "")), chat_type=kind)
        self.__dict__.setdefault("_chosen_chats", {})[query_id] = chat.id
        return query_id

    def deliver_inline_result(
        self: _Host, user: SimUser, query_id: str, result_id: str | None = None
    ) -> BotMessage:
        """``user`` picks a result (the first when ``result_id`` is None) of the bot's answer
        to ``query_id``: it is posted in the chat chosen for that query, "via" the bot, with
        the result's text and keyboard (which the chat's members may press)."""
        answer = self.inline_answers.get(query_id)
        if answer is None:
            raise ValueError(f"the bot has not answered inline query {query_id}")
        results = answer["results"]
        if isinstance(results, str):
            results = json.loads(results)
        result = next((r for r in results if result_id in (None, r.get("id"))), None)
        if result is None:
            raise ValueError(f"no result {result_id!r} in the answer to {query_id}")
        chat_id = self.__dict__.get("_chosen_chats", {}).get(query_id, user.id)
        chat = self.chats[chat_id]
        content = result.get("input_message_content") or {}
        text, entities = parse_text(content.get("message_text", ""), content.get("parse_mode"))
        markup = result.get("reply_markup")
        msg = BotMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.id,
            text=text,
            parse_mode=content.get("parse_mode"),
            reply_markup=markup if isinstance(markup, dict) else None,
            date=int(time.time()),
            kind="via_bot",
            entities=entities or None,
            raw_text=content.get("message_text"),
        )
        self._store(msg)
        return msg
