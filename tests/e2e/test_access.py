"""Only staff act as staff: the PRESSING or WRITING user's id is checked against
settings.admin_ids at every step, in private chats and groups alike (a group's admins,
or the group itself, are not staff)."""

from __future__ import annotations

import pytest

from cagbot.i18n import I18n
from tests.e2e.conftest import STAFF_ID, Bot

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
