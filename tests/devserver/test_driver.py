"""The test driver (cagbot.devserver.driver): what users do (write, press, query) becomes the
update Telegram would send, and tests read what the bot did in order."""

from __future__ import annotations

import pytest

from cagbot.devserver import BotMessage, Emulator


def test_a_command_carries_a_bot_command_entity_in_utf16_units() -> None:
    emu = Emulator()
    user = emu.add_user()
    message = emu.send_text(user, "/старт now")
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert "entities" not in emu.send_text(user, "hello")


def test_a_press_needs_the_button_unless_forged() -> None:
    emu = Emulator()
    user = emu.add_user()
    shown = BotMessage(1, user.id, "pick", reply_markup={
        "inline_keyboard": [[{"text": "A", "callback_data": "a"}]]
    })  # fmt: skip
    with pytest.raises(ValueError, match="no button with callback_data 'b'"):
        emu.press(user, shown, "b")
    query_id = emu.press(user, shown, "b", forge=True)
    assert emu._updates[-1]["callback_query"]["id"] == query_id
    assert emu.press(user, shown, "a") != query_id


def test_an_inline_query_is_queued_with_its_chat_type() -> None:
    emu = Emulator()
    user = emu.add_user()
    emu.inline_query(user, "camp", chat_type=None)
    assert "chat_type" not in emu._updates[-1]["inline_query"]
    emu.inline_query(user, "camp")
    assert emu._updates[-1]["inline_query"]["chat_type"] == "sender"


async def test_waiting_times_out_with_what_was_awaited() -> None:
    emu = Emulator()
    with pytest.raises(TimeoutError, match="no new bot message in chat 5"):
        await emu.next_message(5, timeout=0.05)
    with pytest.raises(TimeoutError, match="condition not met"):
        await emu.wait_for(lambda: False, timeout=0.05)
