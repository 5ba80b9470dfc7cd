"""Envelope, bodies, long polling, simulated users and what the bot's calls leave behind."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import telegram
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.error import BadRequest, InvalidToken

from cagbot.devserver import Emulator
from tests.devserver.conftest import TOKEN


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


async def test_envelope_status_codes_and_case_insensitive_methods(emu: Emulator) -> None:
    async with httpx.AsyncClient() as client:
        ok = await client.post(f"{emu.base_url}{TOKEN}/GETME")
        assert ok.status_code == 200
        assert ok.json()["ok"] is True
        assert ok.json()["result"]["id"] == 123456
        assert ok.json()["result"]["is_bot"] is True
        bad_token = await client.post(f"{emu.base_url}999:nope/getMe")
        assert (bad_token.status_code, bad_token.json()) == (
            401,
            {"ok": False, "error_code": 401, "description": "Unauthorized"},
        )
        unknown = await client.post(f"{emu.base_url}{TOKEN}/sendTelepathy")
        assert (unknown.status_code, unknown.json()["description"]) == (404, "Not Found")
    assert emu.violations == []


async def test_ptb_maps_a_wrong_token_to_invalid_token(emu: Emulator) -> None:
    with pytest.raises(InvalidToken):
        async with telegram.Bot("999:wrong", base_url=emu.base_url):
            pass


async def test_form_json_and_query_string_bodies(emu: Emulator, http: httpx.AsyncClient) -> None:
    user = emu.add_user()
    markup = {"inline_keyboard": [[{"text": "a", "callback_data": "a"}]]}
    await http.post(
        "sendMessage",
        data={"chat_id": str(user.id), "text": "form", "reply_markup": json.dumps(markup)},
    )
    await http.post(
        "sendMessage", json={"chat_id": user.id, "text": "json", "reply_markup": markup}
    )
    await http.get("sendMessage", params={"chat_id": str(user.id), "text": "query"})
    messages = emu.messages(user.id)
    assert [m.text for m in messages] == ["form", "json", "query"]
    assert messages[0].reply_markup == markup
    assert messages[1].reply_markup == markup
    assert emu.violations == []


async def test_get_updates_confirms_by_offset_and_honours_limit(
    emu: Emulator, bot: telegram.Bot
) -> None:
    user = emu.add_user(language_code="ru")
    for text in ("один", "два", "три"):
        emu.send_text(user, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first] == ["один", "два"]
    assert first[0].message.from_user.language_code == "ru"
    again = await bot.get_updates()
    assert len(again) == 3  # nothing confirmed yet
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest] == ["три"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1) == ()
    assert emu.pending_updates() == 0


async def test_long_poll_wakes_when_an_update_is_injected(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    poll = asyncio.create_task(bot.get_updates(timeout=30, read_timeout=40))
    await asyncio.sleep(0.05)
    assert not poll.done()
    emu.send_text(user, "hej")
    updates = await asyncio.wait_for(poll, 5)
    assert [u.message.text for u in updates] == ["hej"]


async def test_allowed_updates_filters_update_types(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    emu.send_text(user, "text")
    emu.inline_query(user, "praktik")
    updates = await bot.get_updates(allowed_updates=["inline_query"])
    assert [u.inline_query.query for u in updates] == ["praktik"]


async def test_commands_in_private_and_group_carry_a_bot_command_entity(
    emu: Emulator, bot: telegram.Bot
) -> None:
    user = emu.add_user()
    group = emu.add_group(title="Novi Ritm", admins=[user])
    emu.send_text(user, "/start payload")
    emu.send_text(user, "/help@cagbot_test_bot", chat=group)
    private, grouped = await bot.get_updates()
    assert private.message.entities[0].type == "bot_command"
    assert private.message.entities[0].length == len("/start")
    assert private.message.chat.type == "private"
    assert grouped.message.entities[0].length == len("/help@cagbot_test_bot")
    assert grouped.message.chat.id == group.id
    assert group.id < 0
    assert grouped.message.chat.title == "Novi Ritm"


async def test_reply_press_answer_and_edit_round_trip(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    sent = await bot.send_message(
        user.id, "<b>Välj</b>", parse_mode="HTML", reply_markup=keyboard("cb:1", "cb:2")
    )
    reply = await emu.next_message(user.id)
    assert (reply.message_id, reply.text, reply.raw_text) == (
        sent.message_id,
        "Välj",
        "<b>Välj</b>",
    )
    assert reply.buttons() == [[("cb:1", "cb:1"), ("cb:2", "cb:2")]]
    with pytest.raises(ValueError, match="no button"):
        emu.press(user, reply, "cb:3")
    query_id = emu.press(user, reply, "cb:2")
    (update,) = await bot.get_updates()
    assert update.callback_query.data == "cb:2"
    assert update.callback_query.message.message_id == sent.message_id
    await bot.answer_callback_query(query_id, text="Klart")
    assert emu.callback_answers[query_id]["text"] == "Klart"
    await bot.edit_message_text("Vald: 2", user.id, sent.message_id)
    edited = await emu.next_edit(user.id, sent.message_id)
    assert (edited.text, edited.edits, edited.reply_markup) == ("Vald: 2", 1, None)
    assert emu.press(user, reply, "cb:1", forge=True)
    assert emu.violations == []


async def test_not_modified_and_missing_messages(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    sent = await bot.send_message(user.id, "same", reply_markup=keyboard("a"))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("same", user.id, sent.message_id, reply_markup=keyboard("a"))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=keyboard("a"))
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", user.id, 999)
    assert await bot.delete_message(user.id, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(user.id, sent.message_id)
    assert emu.messages(user.id) == []
    assert [v.method for v in emu.violations] == [
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageText",
        "deleteMessage",
    ]


async def test_commands_per_scope_and_language(emu: Emulator, bot: telegram.Bot) -> None:
    group = emu.add_group()
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands([BotCommand("start", "Начать")], language_code="ru")
    await bot.set_my_commands(
        [BotCommand("sub", "Subscribe")], scope=BotCommandScopeAllGroupChats()
    )
    await bot.set_my_commands([BotCommand("admin", "Admin")], scope=BotCommandScopeChat(group.id))
    assert emu.commands() == [{"command": "start", "description": "Start"}]
    assert emu.commands(language_code="ru") == [{"command": "start", "description": "Начать"}]
    assert emu.commands({"type": "all_group_chats"})[0]["command"] == "sub"
    assert emu.commands({"type": "chat", "chat_id": group.id})[0]["command"] == "admin"
    fetched = await bot.get_my_commands(language_code="ru")
    assert [c.description for c in fetched] == ["Начать"]
    await bot.delete_my_commands(language_code="ru")
    assert emu.commands(language_code="ru") == []
    assert emu.violations == []


async def test_group_admins_and_chat_info(emu: Emulator, bot: telegram.Bot) -> None:
    owner, admin, member, stranger = (emu.add_user(first_name=n) for n in "OAMS")
    group = emu.add_group(title="El-Too", admins=[owner, admin], members=[member], supergroup=True)
    statuses = [
        (await bot.get_chat_member(group.id, u.id)).status for u in (owner, admin, member, stranger)
    ]
    assert statuses == ["creator", "administrator", "member", "left"]
    admins = await bot.get_chat_administrators(group.id)
    assert [a.user.id for a in admins] == [owner.id, admin.id]
    chat = await bot.get_chat(group.id)
    assert (chat.type, chat.title) == ("supergroup", "El-Too")
    assert str(group.id).startswith("-100")
    assert (await bot.get_chat(owner.id)).first_name == "O"
    await bot.send_chat_action(owner.id, "typing")
    assert emu.violations == []


async def test_inline_query_answer_is_recorded(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    query_id = emu.inline_query(user, "praktik")
    (update,) = await bot.get_updates()
    assert update.inline_query.query == "praktik"
    result = InlineQueryResultArticle(
        "1", "Praktik", InputTextMessageContent("<b>Praktik</b>", parse_mode="HTML")
    )
    await update.inline_query.answer([result], next_offset="10")
    assert emu.inline_answers[query_id]["results"][0]["id"] == "1"
    assert emu.inline_answers[query_id]["next_offset"] == "10"


async def test_user_edits_arrive_as_edited_message(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    original = emu.send_text(user, "stipendum")
    emu.edit_text(user, original, "stipendium")
    first, second = await bot.get_updates()
    assert second.edited_message.message_id == first.message.message_id
    assert second.edited_message.text == "stipendium"


async def test_record_messages_off_and_per_chat_cap(bot: telegram.Bot) -> None:
    async with Emulator(token=TOKEN, record_messages=False) as lean:
        user = lean.add_user()
        async with telegram.Bot(TOKEN, base_url=lean.base_url) as lean_bot:
            sent = await lean_bot.send_message(user.id, "x")
            await lean_bot.edit_message_text("y", user.id, sent.message_id)
        assert lean.messages(user.id) == []
        assert lean.stats.delivered[user.id] == 1
        assert lean.stats.sends_accepted == 2
    async with Emulator(token=TOKEN, max_messages_per_chat=2) as capped:
        user = capped.add_user()
        async with telegram.Bot(TOKEN, base_url=capped.base_url) as capped_bot:
            for text in "abc":
                await capped_bot.send_message(user.id, text)
        assert [m.text for m in capped.messages(user.id)] == ["b", "c"]


async def test_wait_for_and_next_message_time_out_clearly(emu: Emulator) -> None:
    user = emu.add_user()
    with pytest.raises(TimeoutError, match="no new bot message"):
        await emu.next_message(user.id, timeout=0.1)
    with pytest.raises(TimeoutError, match="condition not met"):
        await emu.wait_for(lambda: False, timeout=0.1)


async def test_webhook_blocks_get_updates(emu: Emulator, bot: telegram.Bot) -> None:
    await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(telegram.error.Conflict):
        await bot.get_updates()
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()
