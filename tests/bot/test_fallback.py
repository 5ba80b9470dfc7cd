"""What no feature took: a stale or forged button answered "expired" (a no-op button
silently), an unknown command or a photo a hint with the menu; in a group only commands
addressed to this bot are answered."""

from __future__ import annotations

from html import unescape

from cagbot import views
from cagbot.callbacks import encode
from cagbot.i18n import I18n
from tests.e2e.conftest import Bot

I18N = I18n.load()
EN = I18N.get("en")


async def test_an_unknown_command_in_private_gets_the_hint_and_the_menu(bot: Bot) -> None:
    user = bot.user("ru")
    hint = await bot.say(user, "/frobnicate now")
    assert hint.text == unescape(views.unknown_command(I18N.get("ru")))
    assert hint.buttons()  # the menu, to find one's way


async def test_in_a_group_only_commands_addressed_to_this_bot_are_answered(bot: Bot) -> None:
    admin = bot.user("en")
    group = bot.emu.add_group(admins=[admin])
    bot.emu.send_text(admin, "/frobnicate", chat=group)  # may be another bot's
    bot.emu.send_text(admin, "/frobnicate@some_other_bot", chat=group)
    await bot.settle()
    assert bot.emu.messages(group.id) == []
    hint = await bot.say(admin, f"/frobnicate@{bot.emu.bot_username.upper()}", chat=group)
    assert hint.text == unescape(views.unknown_command(EN))


async def test_a_photo_is_unreadable_but_answered(bot: Bot) -> None:
    user = bot.user("sv")
    bot.emu.send_photo(user, "photo-1")
    reply = await bot.emu.next_message(user.id)
    assert reply.text == unescape(views.unreadable(I18N.get("sv")))


async def test_stale_and_forged_buttons_expire_and_a_noop_is_just_answered(bot: Bot) -> None:
    user = bot.user("en")
    message = await bot.say(user, "/help")
    for data in ("garbage", "v0|old|1", encode("tz", 99)):
        answer = await bot.forge(user, message, data)
        assert answer.get("text") == views.button_expired(EN), data
    noop = await bot.forge(user, message, encode("noop"))
    assert not noop.get("text")
