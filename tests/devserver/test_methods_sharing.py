"""sendDocument keeps the bytes; copy_text and chosen-chat switches are checked as Telegram
checks them; a chosen-chat switch is driven to an inline answer delivered "via" the bot."""

from __future__ import annotations

import json

import httpx
import pytest
import telegram
from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup, InputFile

from cagbot.devserver import Emulator
from cagbot.devserver.methods_sharing import BUTTON_OBJECTS
from tests.helpers.bot_api import bot_api


async def _send_with(
    http: httpx.AsyncClient, chat_id: int, button: dict[str, object]
) -> httpx.Response:
    markup = json.dumps({"inline_keyboard": [[button]]})
    return await http.post(
        "sendMessage", data={"chat_id": str(chat_id), "text": "x", "reply_markup": markup}
    )


def test_button_objects_match_the_spec() -> None:
    api = bot_api()
    for name, fields in BUTTON_OBJECTS.items():
        spec = api.types[name]
        assert set(fields) == set(spec), name
        for key, param in fields.items():
            assert set(param.types) <= set(spec[key].types), (name, key)
            assert param.required == spec[key].required, (name, key)


async def test_send_document_keeps_the_file_and_answers_a_document(
    emu: Emulator, bot: telegram.Bot
) -> None:
    user = emu.add_user()
    sent = await bot.send_document(
        user.id,
        InputFile(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", filename="d.ics", attach=True),
        caption="<b>Deadline</b>",
        parse_mode="HTML",
    )
    assert sent.document is not None
    assert sent.document.file_name == "d.ics"
    assert sent.caption == "Deadline"
    [document] = emu.documents
    assert (document.chat_id, document.message_id) == (user.id, sent.message_id)
    assert document.data.startswith(b"BEGIN:VCALENDAR")
    assert emu.messages(user.id)[-1].kind == "document"


async def test_copy_text_and_chosen_chat_buttons_are_accepted(
    emu: Emulator, bot: telegram.Bot
) -> None:
    user = emu.add_user()
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Copy", copy_text=CopyTextButton("apply@example.org"))],
            [
                InlineKeyboardButton(
                    "Share",
                    switch_inline_query_chosen_chat=telegram.SwitchInlineQueryChosenChat(
                        query="post_1", allow_user_chats=True
                    ),
                )
            ],
        ]
    )
    await bot.send_message(user.id, "x", reply_markup=markup)
    assert emu.violations == []


@pytest.mark.parametrize(
    ("button", "description"),
    [
        ({"text": "c", "copy_text": "a@b.se"}, "Bad Request: can't parse inline keyboard button: "
         "CopyTextButton must be an Object"),
        ({"text": "c", "copy_text": {}}, "Bad Request: can't parse inline keyboard button: "
         "Can't find field \"text\""),
        ({"text": "c", "copy_text": {"text": "x" * 257}}, "Bad Request: COPY_TEXT_INVALID"),
        ({"text": "s", "switch_inline_query_chosen_chat": {"query": "q"}},
         "Bad Request: BUTTON_TYPE_INVALID"),
        ({"text": "s", "switch_inline_query_chosen_chat": {"allow_user_chats": "yes"}},
         "Bad Request: can't parse inline keyboard button: field \"allow_user_chats\" has "
         "wrong type"),
    ],
)  # fmt: skip
async def test_bad_sharing_buttons_are_refused(
    emu: Emulator, http: httpx.AsyncClient, button: dict[str, object], description: str
) -> None:
    user = emu.add_user()
    response = await _send_with(http, user.id, button)
    assert response.status_code == 400
    assert response.json()["description"] == description
    assert [(v.method, v.description) for v in emu.violations] == [("sendMessage", description)]


async def test_a_chosen_chat_switch_delivers_the_result_via_the_bot(
    emu: Emulator, bot: telegram.Bot
) -> None:
    user = emu.add_user()
    friend = emu.add_user()
    group = emu.add_group(members=[user, friend])
    share = telegram.SwitchInlineQueryChosenChat(
        query="post_7", allow_user_chats=True, allow_group_chats=True
    )
    sent = await bot.send_message(
        user.id,
        "a call",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Share", switch_inline_query_chosen_chat=share)]]
        ),
    )
    message = emu.message(user.id, sent.message_id)
    assert message is not None
    channel = emu.add_channel()
    with pytest.raises(ValueError, match="channel"):
        emu.choose_chat(user, message, "Share", channel)
    query_id = emu.choose_chat(user, message, "Share", group)
    await emu.wait_for(lambda: emu.pending_updates() == 1)
    updates = await bot.get_updates()
    inline = updates[-1].inline_query
    assert inline is not None
    assert (inline.query, inline.chat_type) == ("post_7", "group")
    link = InlineKeyboardButton("Open", url="https://t.me/cagbot_test_bot?start=post_7")
    await bot.answer_inline_query(
        query_id,
        [
            telegram.InlineQueryResultArticle(
                "p7",
                "A call",
                telegram.InputTextMessageContent("<b>A call</b>", parse_mode="HTML"),
                reply_markup=InlineKeyboardMarkup([[link]]),
            )
        ],
    )
    delivered = emu.deliver_inline_result(user, query_id)
    assert delivered.chat_id == group.id
    assert delivered.text == "A call"
    assert delivered.buttons() == [[("Open", "https://t.me/cagbot_test_bot?start=post_7")]]
    assert json.dumps(delivered.reply_markup)
