"""Bot API rules for structured parameters: keyboards, commands, scopes, inline results."""

from __future__ import annotations

import re
from typing import Any

from cagbot.devserver.errors import bad_request
from cagbot.devserver.methods_sharing import check_sharing_button
from cagbot.devserver.text import parse_text, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_TEXT = 200
MAX_BUTTONS = 100
MAX_INLINE_RESULTS = 50
MAX_COMMANDS = 100

BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
SCOPE_TYPES = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
INLINE_RESULT_TYPES = frozenset(
    {
        "article",
        "photo",
        "gif",
        "mpeg4_gif",
        "video",
        "audio",
        "voice",
        "document",
        "location",
        "venue",
        "contact",
        "game",
        "sticker",
    }
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_RE = re.compile(r"[a-z]{2}")


def check_text(
    text: str, parse_mode: str | None, *, caption: bool = False
) -> tuple[str, list[Any]]:
    """Parse and measure a message text or caption; return the plain text and entities."""
    plain, entities = parse_text(text, parse_mode)
    if caption:
        if utf16_len(plain) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        return plain, entities
    if not plain.strip():
        raise bad_request("message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise bad_request("message is too long")
    return plain, entities


def check_reply_markup(markup: Any, *, inline_only: bool = False) -> None:
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        check_inline_keyboard(markup["inline_keyboard"])
        return
    if inline_only:
        raise bad_request("can't parse inline keyboard markup JSON object")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad_request('can\'t parse keyboard: Field "keyboard" must be an Array of Arrays')
        for row in rows:
            for button in row:
                text = (
                    button
                    if isinstance(button, str)
                    else (button.get("text") if isinstance(button, dict) else None)
                )
                if not isinstance(text, str) or not text:
                    raise bad_request("can't parse keyboard button: Can't find field \"text\"")
        return
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return
    raise bad_request("can't parse reply keyboard markup JSON object")


def check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "inline_keyboard" of the '
            "InlineKeyboardMarkup must be an Array of Arrays"
        )
    count = 0
    for row in rows:
        for button in row:
            count += 1
            check_inline_button(button)
    if count > MAX_BUTTONS:
        raise bad_request("reply markup is too long")


def check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request("can't parse inline keyboard button: Can't find field \"text\"")
    if not text.strip():
        raise bad_request("BUTTON_TEXT_EMPTY")
    actions = [a for a in BUTTON_ACTIONS if a in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be "
            f"used, found {', '.join(actions)}"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not re.match(r"(https?|tg)://\S+$", url):
            raise bad_request("BUTTON_URL_INVALID")
    check_sharing_button(button)


def check_language_code(code: Any) -> str:
    if code in (None, ""):
        return ""
    if not isinstance(code, str) or not _LANGUAGE_RE.fullmatch(code):
        raise bad_request("invalid language code specified")
    return code


def check_scope(scope: Any) -> dict[str, Any]:
    if scope is None:
        return {"type": "default"}
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    needed = SCOPE_TYPES.get(scope["type"])
    if needed is None:
        raise bad_request("unsupported bot command scope type")
    for key in needed:
        if key not in scope:
            raise bad_request(f"can't parse BotCommandScope: Can't find field \"{key}\"")
    return {"type": scope["type"], **{k: scope[k] for k in needed}}


def check_commands(commands: Any) -> list[dict[str, str]]:
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands specified")
    result: list[dict[str, str]] = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand: BotCommand must be an Object")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str) or not _COMMAND_RE.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": command, "description": description})
    return result


def check_inline_results(results: Any, next_offset: str | None) -> None:
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    if next_offset is not None and len(next_offset.encode("utf-8")) > 64:
        raise bad_request("NEXT_OFFSET_INVALID")
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict):
            raise bad_request(
                "can't parse inline query result: InlineQueryResult must be an Object"
            )
        rid = result.get("id")
        if not isinstance(rid, str) or not 1 <= len(rid.encode("utf-8")) <= 64:
            raise bad_request("RESULT_ID_INVALID")
        if rid in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(rid)
        kind = result.get("type")
        if kind not in INLINE_RESULT_TYPES:
            raise bad_request(
                "can't parse inline query result: Unsupported inline query result type"
            )
        if kind == "article":
            if not isinstance(result.get("title"), str) or not result["title"]:
                raise bad_request("can't parse inline query result: Can't find field \"title\"")
            if "input_message_content" not in result:
                raise bad_request(
                    "can't parse inline query result: Can't find field \"input_message_content\""
                )
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            text = content["message_text"]
            if not isinstance(text, str):
                raise bad_request("MESSAGE_EMPTY")
            check_text(text, content.get("parse_mode"))
        if "reply_markup" in result:
            check_reply_markup(result["reply_markup"], inline_only=True)
