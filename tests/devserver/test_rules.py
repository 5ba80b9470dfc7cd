"""Every rule the bot can break (cagbot.devserver.rules: text, keyboards, commands, scopes,
inline results) yields Telegram's 400 and a recorded violation."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from cagbot.devserver import Emulator


def kb(*buttons: dict[str, Any]) -> str:
    return json.dumps({"inline_keyboard": [list(buttons)]})


async def post(http: httpx.AsyncClient, method: str, **params: Any) -> httpx.Response:
    return await http.post(method, data={k: str(v) for k, v in params.items()})


async def assert_violation(
    emu: Emulator, response: httpx.Response, method: str, description: str
) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert body["error_code"] == 400
    assert body["description"] == description
    assert [(v.method, v.description) for v in emu.violations] == [(method, description)]
    assert emu.stats.violations == 1


@pytest.mark.parametrize(
    ("params", "description"),
    [
        (
            {"text": "<b>unclosed"},
            "Bad Request: can't parse entities: "
            'Can\'t find end tag corresponding to start tag "b"',
        ),
        (
            {"text": "<script>x</script>"},
            'Bad Request: can\'t parse entities: Unsupported start tag "script" at byte offset 0',
        ),
        ({"text": "a" * 4097, "parse_mode": ""}, "Bad Request: message is too long"),
        ({"text": "😀" * 2048 + "a"}, "Bad Request: message is too long"),
        ({"text": "<b></b>  "}, "Bad Request: message text is empty"),
        (
            {"reply_markup": kb({"text": "x", "callback_data": "d" * 65})},
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"reply_markup": kb({"text": "x", "callback_data": "ж" * 33})},
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"reply_markup": kb({"text": "x"})},
            "Bad Request: can't parse inline keyboard "
            "button: Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"reply_markup": kb({"text": "x", "callback_data": "a", "url": "https://x.se"})},
            "Bad Request: can't parse inline keyboard button: exactly one of the optional fields "
            "must be used, found url, callback_data",
        ),
        (
            {"reply_markup": json.dumps({"inline_keyboard": [{"text": "x"}]})},
            'Bad Request: can\'t parse inline keyboard button: Field "inline_keyboard" of the '
            "InlineKeyboardMarkup must be an Array of Arrays",
        ),
        (
            {
                "reply_markup": json.dumps(
                    {"inline_keyboard": [[{"text": "b", "callback_data": "c"}] * 101]}
                )
            },
            "Bad Request: reply markup is too long",
        ),
        (
            {"reply_markup": "{not json"},
            "Bad Request: can't parse reply keyboard markup JSON object",
        ),
        ({"chat_id": "not-a-chat"}, "Bad Request: chat not found"),
        ({"chat_id": 987654321}, "Bad Request: chat not found"),
        (
            {"disable_notification": "maybe"},
            'Bad Request: field "disable_notification" must be of type Boolean',
        ),
    ],
)
async def test_send_message_rules(
    emu: Emulator, http: httpx.AsyncClient, params: dict[str, Any], description: str
) -> None:
    user = emu.add_user()
    sent = {"chat_id": user.id, "text": "ok", "parse_mode": "HTML", **params}
    response = await post(http, "sendMessage", **sent)
    await assert_violation(emu, response, "sendMessage", description)
    assert emu.messages(user.id) == []


async def test_limits_are_inclusive(emu: Emulator, http: httpx.AsyncClient) -> None:
    user = emu.add_user()
    for text in ("a" * 4096, "😀" * 2048, "<b>" + "a" * 4096 + "</b>"):
        response = await post(http, "sendMessage", chat_id=user.id, text=text, parse_mode="HTML")
        assert response.status_code == 200, response.text
    markup = kb({"text": "x", "callback_data": "d" * 64})
    response = await post(http, "sendMessage", chat_id=user.id, text="k", reply_markup=markup)
    assert response.status_code == 200
    assert emu.violations == []


@pytest.mark.parametrize(
    ("method", "params", "description"),
    [
        ("sendMessage", {"chat_id": 1}, "Bad Request: message text is empty"),
        ("sendMessage", {"text": "x"}, "Bad Request: chat_id is empty"),
        ("getChatMember", {"chat_id": 1}, "Bad Request: user_id is empty"),
        ("getUpdates", {"offset": "abc"}, 'Bad Request: field "offset" must be of type Integer'),
        (
            "setMyCommands",
            {"commands": json.dumps([{"command": "Start", "description": "d"}])},
            "Bad Request: BOT_COMMAND_INVALID",
        ),
        (
            "setMyCommands",
            {"commands": json.dumps([{"command": "a" * 33, "description": "d"}])},
            "Bad Request: BOT_COMMAND_INVALID",
        ),
        (
            "setMyCommands",
            {"commands": json.dumps([{"command": "ok", "description": ""}])},
            "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID",
        ),
        (
            "setMyCommands",
            {"commands": json.dumps([{"command": "ok", "description": "d" * 257}])},
            "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID",
        ),
        (
            "setMyCommands",
            {
                "commands": json.dumps(
                    [{"command": f"c{i}", "description": "d"} for i in range(101)]
                )
            },
            "Bad Request: too many commands specified",
        ),
        (
            "setMyCommands",
            {"commands": "[]", "language_code": "rus"},
            "Bad Request: invalid language code specified",
        ),
        (
            "setMyCommands",
            {"commands": "[]", "scope": json.dumps({"type": "everyone"})},
            "Bad Request: unsupported bot command scope type",
        ),
        (
            "setMyCommands",
            {"commands": "[]", "scope": json.dumps({"type": "chat"})},
            "Bad Request: can't parse BotCommandScope: Can't find field \"chat_id\"",
        ),
        (
            "answerCallbackQuery",
            {"callback_query_id": "42"},
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        ),
        (
            "sendChatAction",
            {"chat_id": "@nobody_here", "action": "typing"},
            "Bad Request: chat not found",
        ),
    ],
)
async def test_other_method_rules(
    emu: Emulator, http: httpx.AsyncClient, method: str, params: dict[str, Any], description: str
) -> None:
    emu.add_user(user_id=1)
    response = await post(http, method, **params)
    await assert_violation(emu, response, method, description)


async def test_callback_answer_text_and_double_answer(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    user = emu.add_user()
    markup = kb({"text": "x", "callback_data": "cb"})
    await post(http, "sendMessage", chat_id=user.id, text="k", reply_markup=markup)
    message = emu.messages(user.id)[0]
    first, second = emu.press(user, message, "cb"), emu.press(user, message, "cb")
    response = await post(http, "answerCallbackQuery", callback_query_id=first, text="x" * 201)
    await assert_violation(emu, response, "answerCallbackQuery", "Bad Request: MESSAGE_TOO_LONG")
    assert (await post(http, "answerCallbackQuery", callback_query_id=second)).status_code == 200
    again = await post(http, "answerCallbackQuery", callback_query_id=second)
    assert again.status_code == 400
    assert "query is too old" in again.json()["description"]
    assert second in emu.callback_answers


def article(rid: str, text: str = "t") -> dict[str, Any]:
    return {
        "type": "article",
        "id": rid,
        "title": "T",
        "input_message_content": {"message_text": text, "parse_mode": "HTML"},
    }


@pytest.mark.parametrize(
    ("results", "extra", "description"),
    [
        ([article(str(i)) for i in range(51)], {}, "Bad Request: RESULTS_TOO_MUCH"),
        ([article("a"), article("a")], {}, "Bad Request: RESULT_ID_DUPLICATE"),
        ([article("x" * 65)], {}, "Bad Request: RESULT_ID_INVALID"),
        ([article("a")], {"next_offset": "o" * 65}, "Bad Request: NEXT_OFFSET_INVALID"),
        (
            [{"type": "article", "id": "a", "input_message_content": {"message_text": "x"}}],
            {},
            "Bad Request: can't parse inline query result: Can't find field \"title\"",
        ),
        (
            [article("a", "<i>x")],
            {},
            "Bad Request: can't parse entities: "
            'Can\'t find end tag corresponding to start tag "i"',
        ),
        (
            [{"type": "poll", "id": "a"}],
            {},
            "Bad Request: can't parse inline query result: Unsupported inline query result type",
        ),
    ],
)
async def test_inline_answer_rules(
    emu: Emulator,
    http: httpx.AsyncClient,
    results: list[dict[str, Any]],
    extra: dict[str, Any],
    description: str,
) -> None:
    query_id = emu.inline_query(emu.add_user(), "praktik")
    response = await post(
        http, "answerInlineQuery", inline_query_id=query_id, results=json.dumps(results), **extra
    )
    await assert_violation(emu, response, "answerInlineQuery", description)
    assert query_id not in emu.inline_answers


async def test_fifty_inline_results_are_accepted(emu: Emulator, http: httpx.AsyncClient) -> None:
    query_id = emu.inline_query(emu.add_user(), "praktik")
    results = json.dumps([article(str(i)) for i in range(50)])
    response = await post(
        http, "answerInlineQuery", inline_query_id=query_id, results=results, next_offset="50"
    )
    assert response.json() == {"ok": True, "result": True}
    assert len(emu.inline_answers[query_id]["results"]) == 50
    assert emu.violations == []


async def test_unknown_parameters_are_ignored_but_noted(
    emu: Emulator, http: httpx.AsyncClient
) -> None:
    user = emu.add_user()
    response = await post(http, "sendMessage", chat_id=user.id, text="x", colour="red")
    assert response.status_code == 200
    assert emu.violations == []
    assert emu.notes == ["sendMessage: ignored unknown parameter 'colour'"]
