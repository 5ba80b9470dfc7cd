"""The command menus and profile texts published per language and scope: Russian for every
language the bot reads as Russian, no staff commands for the public, no private-only ones in
groups, the group's settings for its admins only, the staff's own menu."""

from __future__ import annotations

from cagbot import views
from cagbot.bot.commands import PROFILE_LANGUAGES, publish_menus
from cagbot.i18n import I18n
from tests.e2e.conftest import STAFF_ID, Bot

I18N = I18n.load()


def names(commands: list[dict[str, str]]) -> set[str]:
    return {command["command"] for command in commands}


async def test_menus_per_language_and_scope(bot: Bot) -> None:
    await publish_menus(bot.app)
    emu = bot.emu
    public = emu.commands()
    assert {"start", "help", "language", "mydata"} <= names(public)
    assert "stats" not in names(public)
    ru = emu.commands(language_code="ru")
    assert names(ru) == names(public)
    assert ru != public  # the descriptions are Russian
    assert emu.commands(language_code="ky") == ru  # a Kyrgyz phone reads the Russian menu
    assert {"ky", "ru", "sv", "en"} <= set(PROFILE_LANGUAGES)
    members = names(emu.commands({"type": "all_group_chats"}))
    admins = names(emu.commands({"type": "all_chat_administrators"}))
    assert "mydata" not in members | admins  # one person's data is not for a group
    assert "language" in admins - members  # a group's settings are its admins'
    staff = names(emu.commands({"type": "chat", "chat_id": STAFF_ID}, language_code="sv"))
    assert "stats" in staff
    assert names(public) <= staff


async def test_profile_texts_per_language(bot: Bot) -> None:
    await publish_menus(bot.app)
    assert bot.emu.descriptions["ru"] == views.description(I18N.get("ru"))
    assert bot.emu.descriptions["ky"] == views.description(I18N.get("ru"))
    assert bot.emu.descriptions[""] == views.description(I18N.get("en"))
