"""The main menu in place: "☰ Menu" turns the message it is on into the menu, its entries
open the search hint, the language picker or the subscription in the same message; an
entry pressed in a group or after /forget has expired."""

from __future__ import annotations

from html import unescape

from cagbot import views
from cagbot.callbacks import encode
from cagbot.i18n import I18n
from tests.e2e.conftest import Bot, subscribe

I18N = I18n.load()
EN = I18N.get("en")
EXPIRED = EN.gettext("This button has expired. Please send the command again.")


def pressable(message: object) -> set[str]:
    return {data for row in message.buttons() for _, data in row if data}  # type: ignore[attr-defined]


async def test_the_menu_and_its_entries_edit_the_message_in_place(bot: Bot) -> None:
    user = bot.user("en")
    await subscribe(bot, user)
    message = await bot.say(user, "/help")  # the main menu's entries under it
    await bot.press(user, message, encode("go", "find"))
    hint = await bot.edited(message)
    assert hint.text == unescape(views.search_hint(EN))
    assert encode("go", "find") not in pressable(hint)
    await bot.press(user, hint, encode("menu"))
    menu = await bot.edited(message)
    assert {encode("go", "find"), encode("go", "lang")} <= pressable(menu)
    await bot.press(user, menu, encode("go", "lang"))
    picker = await bot.edited(message)
    assert encode("lang", "ru") in pressable(picker)
    assert len(bot.emu.messages(user.id)) == 2  # the subscription's and /help's: no new ones


async def test_an_entry_after_forget_or_in_a_group_has_expired(bot: Bot) -> None:
    user = bot.user("en")
    await subscribe(bot, user)
    menu = await bot.say(user, "/help")
    await bot.app.bot_data.store.privacy.erase(user.id)
    assert (await bot.press(user, menu, encode("go", "find"))).get("text") == EXPIRED
    admin = bot.user("en")
    group = bot.emu.add_group(admins=[admin])
    await subscribe(bot, admin, chat=group)
    in_group = await bot.say(admin, "/help", chat=group)
    assert (await bot.forge(admin, in_group, encode("go", "lang"))).get("text") == EXPIRED
