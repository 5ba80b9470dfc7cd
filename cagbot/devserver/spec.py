"""The emulator's own table of the Bot API methods it serves: parameters, types, required.

Types use the Bot API documentation's vocabulary ("Integer", "String", "Boolean", "Float",
"Array of X", object type names) so tests can cross-check this table against the published
spec; the package never reads that spec at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

PRIMITIVES = frozenset({"Integer", "String", "Boolean", "Float"})


@dataclass(frozen=True, slots=True)
class Param:
    types: tuple[str, ...]
    required: bool = False

    @property
    def is_json(self) -> bool:
        """Objects and arrays arrive JSON-serialized in form fields."""
        return all(t not in PRIMITIVES and t != "InputFile" for t in self.types)


def _p(*types: str, required: bool = False) -> Param:
    return Param(types=types, required=required)


CHAT_ID = _p("Integer", "String")
REQ_CHAT_ID = _p("Integer", "String", required=True)
INT = _p("Integer")
STR = _p("String")
BOOL = _p("Boolean")
ANY_MARKUP = _p("InlineKeyboardMarkup", "ReplyKeyboardMarkup", "ReplyKeyboardRemove", "ForceReply")
INLINE_MARKUP = _p("InlineKeyboardMarkup")
ENTITIES = _p("Array of MessageEntity")
ALLOWED_UPDATES = _p("Array of String")
SCOPE = _p("BotCommandScope")

_SEND_COMMON: dict[str, Param] = {
    "chat_id": REQ_CHAT_ID,
    "message_thread_id": INT,
    "disable_notification": BOOL,
    "protect_content": BOOL,
    "allow_paid_broadcast": BOOL,
    "reply_parameters": _p("ReplyParameters"),
    "reply_markup": ANY_MARKUP,
}

METHODS: dict[str, dict[str, Param]] = {
    "getMe": {},
    "getFile": {"file_id": _p("String", required=True)},
    "logOut": {},
    "close": {},
    "getUpdates": {"offset": INT, "limit": INT, "timeout": INT, "allowed_updates": ALLOWED_UPDATES},
    "setWebhook": {
        "url": _p("String", required=True),
        "max_connections": INT,
        "allowed_updates": ALLOWED_UPDATES,
        "drop_pending_updates": BOOL,
        "secret_token": STR,
        "ip_address": STR,
    },
    "deleteWebhook": {"drop_pending_updates": BOOL},
    "getWebhookInfo": {},
    "sendMessage": {
        **_SEND_COMMON,
        "text": _p("String", required=True),
        "parse_mode": STR,
        "entities": ENTITIES,
        "link_preview_options": _p("LinkPreviewOptions"),
    },
    "sendPhoto": {
        **_SEND_COMMON,
        "photo": _p("InputFile", "String", required=True),
        "caption": STR,
        "parse_mode": STR,
        "caption_entities": ENTITIES,
        "has_spoiler": BOOL,
        "show_caption_above_media": BOOL,
    },
    "sendDocument": {
        **_SEND_COMMON,
        "document": _p("InputFile", "String", required=True),
        "thumbnail": _p("InputFile", "String"),
        "caption": STR,
        "parse_mode": STR,
        "caption_entities": ENTITIES,
        "disable_content_type_detection": BOOL,
    },
    "sendPoll": {
        **_SEND_COMMON,
        "question": _p("String", required=True),
        "question_parse_mode": STR,
        "options": _p("Array of InputPollOption", required=True),
        "is_anonymous": BOOL,
        "type": STR,
        "allows_multiple_answers": BOOL,
        "is_closed": BOOL,
    },
    "stopPoll": {
        "chat_id": REQ_CHAT_ID,
        "message_id": _p("Integer", required=True),
        "reply_markup": INLINE_MARKUP,
    },
    "editMessageText": {
        "chat_id": CHAT_ID,
        "message_id": INT,
        "inline_message_id": STR,
        "text": _p("String", required=True),
        "parse_mode": STR,
        "entities": ENTITIES,
        "link_preview_options": _p("LinkPreviewOptions"),
        "reply_markup": INLINE_MARKUP,
    },
    "editMessageCaption": {
        "chat_id": CHAT_ID,
        "message_id": INT,
        "inline_message_id": STR,
        "caption": STR,
        "parse_mode": STR,
        "caption_entities": ENTITIES,
        "reply_markup": INLINE_MARKUP,
    },
    "editMessageReplyMarkup": {
        "chat_id": CHAT_ID,
        "message_id": INT,
        "inline_message_id": STR,
        "reply_markup": INLINE_MARKUP,
    },
    "deleteMessage": {"chat_id": REQ_CHAT_ID, "message_id": _p("Integer", required=True)},
    "sendChatAction": {
        "chat_id": REQ_CHAT_ID,
        "action": _p("String", required=True),
        "message_thread_id": INT,
    },
    "answerCallbackQuery": {
        "callback_query_id": _p("String", required=True),
        "text": STR,
        "show_alert": BOOL,
        "url": STR,
        "cache_time": INT,
    },
    "answerInlineQuery": {
        "inline_query_id": _p("String", required=True),
        "results": _p("Array of InlineQueryResult", required=True),
        "cache_time": INT,
        "is_personal": BOOL,
        "next_offset": STR,
        "button": _p("InlineQueryResultsButton"),
    },
    "setMyCommands": {
        "commands": _p("Array of BotCommand", required=True),
        "scope": SCOPE,
        "language_code": STR,
    },
    "getMyCommands": {"scope": SCOPE, "language_code": STR},
    "deleteMyCommands": {"scope": SCOPE, "language_code": STR},
    "setMyDescription": {"description": STR, "language_code": STR},
    "getMyDescription": {"language_code": STR},
    "setMyShortDescription": {"short_description": STR, "language_code": STR},
    "getMyShortDescription": {"language_code": STR},
    "setChatMenuButton": {"chat_id": INT, "menu_button": _p("MenuButton")},
    "getChatMenuButton": {"chat_id": INT},
    "getChat": {"chat_id": REQ_CHAT_ID},
    "getChatMember": {"chat_id": REQ_CHAT_ID, "user_id": _p("Integer", required=True)},
    "getChatAdministrators": {"chat_id": REQ_CHAT_ID, "return_bots": BOOL},
    "leaveChat": {"chat_id": REQ_CHAT_ID},
    "createForumTopic": {  # Ask CAG's one topic per person (methods_ask)
        "chat_id": REQ_CHAT_ID,
        "name": _p("String", required=True),
        "icon_color": INT,
        "icon_custom_emoji_id": STR,
    },
}

#: Lower-case name -> canonical name; Telegram matches method names case-insensitively.
CANONICAL: dict[str, str] = {name.lower(): name for name in METHODS}

#: Methods that count as sends for flood control.
SENDS = frozenset(
    name.lower()
    for name in METHODS
    if name.startswith(("send", "edit")) and name != "sendChatAction"
)
