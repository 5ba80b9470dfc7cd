"""A group's life-cycle as the bot sees it: added (a greeting with the admins' next step),
removed (inactive, nothing more sent)."""

from __future__ import annotations

import time
from html import unescape

from cagbot import views
from cagbot.devserver import SimChat, SimUser
from cagbot.i18n import I18n
from tests.e2e.conftest import Bot

EN = I18n.load().get("en")


def membership(bot: Bot, group: SimChat, by: SimUser, old: str, new: str) -> None:
    """Telegram's my_chat_member update: the bot's own status in ``group`` changed."""
    me = bot.emu.bot_user
    bot.emu.inject(
        {
            "my_chat_member": {
                "chat": group.to_api(),
                "from": by.to_api(),
                "date": int(time.time()),
                "old_chat_member": {"user": me, "status": old},
                "new_chat_member": {"user": me, "status": new},
            }
        }
    )


async def test_added_to_a_group_it_greets_and_removed_it_goes_quiet(bot: Bot) -> None:
    admin = bot.user("en")
    group = bot.emu.add_group(admins=[admin])
    membership(bot, group, admin, "left", "member")
    greeting = await bot.emu.next_message(group.id)
    assert greeting.text == unescape(views.group_welcome(EN, bot.emu.bot_username))
    store = bot.app.bot_data.store
    subscriber = await store.subscribers.get(group.id)
    assert subscriber is not None
    assert subscriber.active
    membership(bot, group, admin, "member", "left")
    await bot.settle()
    subscriber = await store.subscribers.get(group.id)
    assert subscriber is not None
    assert not subscriber.active
    assert len(bot.emu.messages(group.id)) == 1  # no goodbye into a chat it left
