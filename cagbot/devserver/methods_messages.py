"""Bot API methods on messages: send, edit, delete, chat actions, answering queries."""

from __future__ import annotations

import re

from cagbot.devserver import rules
from cagbot.devserver.checks import SharedChecks
from cagbot.devserver.errors import ApiError, bad_request
from cagbot.devserver.model import JsonDict
from cagbot.devserver.text import utf16_len

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_PHOTO = re.compile(r"https?://\S+|[A-Za-z0-9_-]{10,}")


class MessageMethods(SharedChecks):
    """sendMessage, sendPhoto, editMessage*, deleteMessage, sendChatAction, answer*Query."""

    async def _m_sendMessage(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params["chat_id"])
        raw_text = params["text"]
        text, entities = rules.check_text(raw_text, params.get("parse_mode"))
        if not params.get("parse_mode") and isinstance(params.get("entities"), list):
            entities = params["entities"]
        markup = self._reply_markup(params)
        return self._send(
            chat,
            params,
            kind="text",
            text=text,
            raw_text=raw_text,
            entities=entities,
            markup=markup,
        )

    async def _m_sendPhoto(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params["chat_id"])
        photo = params.get("photo")
        # Telegram fetches an http(s) URL itself and takes a file_id as is; anything else is
        # refused, which lets tests exercise a sender's fallback for a picture that fails.
        if not isinstance(photo, str) or not _PHOTO.fullmatch(photo):
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        caption, entities = None, None
        if "caption" in params:
            caption, entities = rules.check_text(
                params["caption"], params.get("parse_mode"), caption=True
            )
        markup = self._reply_markup(params)
        return self._send(
            chat,
            params,
            kind="photo",
            text=caption,
            raw_text=params.get("caption"),
            entities=entities,
            markup=markup,
        )

    async def _m_editMessageText(self, params: JsonDict) -> JsonDict | bool:
        if "inline_message_id" in params:
            rules.check_text(params["text"], params.get("parse_mode"))
            self._reply_markup(params, inline_only=True)
            return True
        chat, msg = self._editable(params)
        if msg.kind != "text":
            raise bad_request("there is no text in the message to edit")
        text, entities = rules.check_text(params["text"], params.get("parse_mode"))
        markup = self._reply_markup(params, inline_only=True)
        if msg.text == text and (msg.entities or []) == entities and msg.reply_markup == markup:
            raise bad_request(_NOT_MODIFIED)
        self._check_flood(chat, params)
        msg.text, msg.entities, msg.reply_markup = text, entities or None, markup
        msg.parse_mode = params.get("parse_mode")
        msg.raw_text = params["text"] if params["text"] != text else None
        msg.edits += 1
        self._accept_send()
        return msg.to_api(chat.to_api(), self.bot_user)

    async def _m_editMessageCaption(self, params: JsonDict) -> JsonDict | bool:
        caption = params.get("caption", "")
        if "inline_message_id" in params:
            rules.check_text(caption, params.get("parse_mode"), caption=True)
            return True
        chat, msg = self._editable(params)
        if msg.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        text, entities = rules.check_text(caption, params.get("parse_mode"), caption=True)
        markup = self._reply_markup(params, inline_only=True)
        if msg.text == text and (msg.entities or []) == entities and msg.reply_markup == markup:
            raise bad_request(_NOT_MODIFIED)
        self._check_flood(chat, params)
        msg.text, msg.entities, msg.reply_markup = text or None, entities or None, markup
        msg.edits += 1
        self._accept_send()
        return msg.to_api(chat.to_api(), self.bot_user)

    async def _m_editMessageReplyMarkup(self, params: JsonDict) -> JsonDict | bool:
        if "inline_message_id" in params:
            self._reply_markup(params, inline_only=True)
            return True
        chat, msg = self._editable(params)
        markup = self._reply_markup(params, inline_only=True)
        if msg.reply_markup == markup:
            raise bad_request(_NOT_MODIFIED)
        self._check_flood(chat, params)
        msg.reply_markup = markup
        msg.edits += 1
        self._accept_send()
        return msg.to_api(chat.to_api(), self.bot_user)

    async def _m_deleteMessage(self, params: JsonDict) -> bool:
        chat = self._chat(params["chat_id"], sending=False)
        message_id = params["message_id"]
        key = (chat.id, message_id)
        chat_messages = self._messages.get(chat.id, {})
        if message_id in chat_messages:
            del chat_messages[message_id]
        elif key in self._deleted or not 0 < message_id <= chat.last_message_id:
            raise bad_request("message to delete not found")
        self._deleted.add(key)
        return True

    async def _m_sendChatAction(self, params: JsonDict) -> bool:
        self._chat(params["chat_id"])
        if params["action"] not in rules.CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    async def _m_answerCallbackQuery(self, params: JsonDict) -> bool:
        query_id = params["callback_query_id"]
        if query_id not in self._callback_queries or query_id in self.callback_answers:
            raise bad_request(_QUERY_TOO_OLD)
        text = params.get("text")
        if text is not None and utf16_len(text) > rules.MAX_CALLBACK_TEXT:
            raise bad_request("MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = dict(params)
        return True

    async def _m_answerInlineQuery(self, params: JsonDict) -> bool:
        query_id = params["inline_query_id"]
        if query_id not in self._inline_queries or query_id in self.inline_answers:
            raise bad_request(_QUERY_TOO_OLD)
        rules.check_inline_results(params["results"], params.get("next_offset"))
        self.inline_answers[query_id] = dict(params)
        return True
