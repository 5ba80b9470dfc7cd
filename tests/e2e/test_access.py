"""Only staff act as staff: the PRESSING or WRITING user's id is checked against
settings.admin_ids at every step, in private chats and groups alike (a group's admins,
or the group itself, are not staff)."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from tests.e2e.conftest import STAFF_ID, Bot, subscribe

EN = I18n.load().get("en")
REFUSAL = EN.gettext("Sorry, this command is only for CAG staff.")
STATS = EN.gettext("Statistics")


async def test_stats_in_a_group_checks_the_user_not_the_chat(bot: Bot) -> None:
    staff = bot.user("en", user_id=STAFF_ID)
    group_admin, member = bot.user("en"), bot.user("en")
    group = bot.emu.add_group(admins=[group_admin], members=[staff, member], supergroup=True)
    for person in (group_admin, member):
        refused = await bot.say(person, f"/stats@{bot.emu.bot_username}", chat=group)
        assert refused.text == REFUSAL
    allowed = await bot.say(staff, f"/stats@{bot.emu.bot_username}", chat=group)
    assert STATS in (allowed.text or "")


async def test_a_message_sent_as_the_group_is_not_staff(bot: Bot) -> None:
    group = bot.emu.add_group(admins=[bot.user("en")])
    bot.emu.inject(
        {
            "message": {
                "message_id": group.next_message_id(),
                "from": {"id": 1087968824, "is_bot": True, "first_name": "Group"},
                "sender_chat": group.to_api(),
                "chat": group.to_api(),
                "date": 0,
                "text": "/stats",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            }
        }
    )
    refused = await bot.emu.next_message(group.id)
    assert refused.text == REFUSAL


@pytest.mark.parametrize("command", ["/stats", "/stats now", "/STATS"])
async def test_strangers_get_a_refusal_and_nothing_else(bot: Bot, command: str) -> None:
    stranger = bot.user("en")
    refused = await bot.say(stranger, command)
    assert refused.text == REFUSAL
    sentinel = await bot.say(stranger, "/help")
    assert "/stats" not in (sentinel.text or "")


def _data_ending(message: object, suffix: str) -> str:
    for row in message.buttons():  # type: ignore[attr-defined]
        for _label, data in row:
            if data and data.endswith(suffix):
                return str(data)
    raise AssertionError(f"no button ending {suffix!r}")


async def test_a_copied_broadcast_confirm_button_does_nothing_for_a_non_admin(bot: Bot) -> None:
    staff, stranger = bot.user("en", user_id=STAFF_ID), bot.user("en")
    await subscribe(bot, stranger)
    ask = await bot.say(staff, "/broadcast")
    assert ask.buttons()
    audience = await bot.say(staff, "Hello everyone")
    await bot.press(staff, audience, _data_ending(audience, "|all"))
    emu = bot.emu

    def summary() -> object:
        return next(
            (
                m
                for m in emu.messages(staff.id)
                if any(d.endswith("|go") for d in m.callback_data())
            ),
            None,
        )

    await emu.wait_for(summary)
    preview = summary()
    go = _data_ending(preview, "|go")
    store = bot.app.bot_data.store

    # The stranger presses a copy of the confirm button, on the staff message and in their
    # own chat; their own /broadcast is refused.
    answer = await bot.forge(stranger, preview, go)  # type: ignore[arg-type]
    assert "show_alert" not in answer or answer["show_alert"] in (False, "false")
    assert answer.get("text") == REFUSAL
    own = await bot.say(stranger, "/latest")
    assert (await bot.forge(stranger, own, go)).get("text") == REFUSAL
    assert (await bot.say(stranger, "/broadcast")).text == REFUSAL
    await bot.settle()
    assert await store.outbox.broadcasts() == []

    await bot.press(staff, preview, go)  # type: ignore[arg-type]  # the real one works
    await bot.emu.wait_for(lambda: bot.emu.pending_updates() == 0)
    await bot.settle()
    assert len(await store.outbox.broadcasts()) == 1
