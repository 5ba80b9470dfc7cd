"""/start and its deep links, /help: a link to a post or topic opens it, a link to
something gone says so, an unknown payload gets the menu; /help lists what this reader may
use here (staff commands for staff only, none of the private ones in a group)."""

from __future__ import annotations

from html import unescape

from cagbot import views
from cagbot.i18n import I18n
from cagbot.models import PostDraft
from tests.e2e.conftest import STAFF_ID, Bot

EN = I18n.load().get("en")
GONE = unescape(views.link_gone(EN))
WELCOME = unescape(views.welcome(EN))


async def a_post(bot: Bot) -> int:
    added = await bot.app.bot_data.store.posts.upsert(
        PostDraft(
            key="k", title="Peace camp in Naryn", summary="A week.", language="en", source="t"
        )
    )
    assert added.post_id is not None
    return added.post_id


async def test_a_link_to_a_post_opens_it_and_a_gone_one_says_so(bot: Bot) -> None:
    post_id = await a_post(bot)
    user = bot.user("en")
    opened = await bot.say(user, f"/start post_{post_id}")
    assert "Peace camp in Naryn" in (opened.text or "")
    assert (await bot.say(user, "/start post_999999")).text == GONE
    assert (await bot.say(user, "/start topic_nosuchtopic")).text == GONE


async def test_a_topic_link_lists_its_posts(bot: Bot) -> None:
    user = bot.user("ru")
    page = await bot.say(user, "/start topic_climate")
    assert "Климат" in (page.text or "")


async def test_a_reminder_link_works_in_a_private_chat_only(bot: Bot) -> None:
    post_id = await a_post(bot)
    admin = bot.user("en")
    group = bot.emu.add_group(admins=[admin])
    assert (await bot.say(admin, f"/start remind_{post_id}", chat=group)).text == GONE


async def test_anything_else_gets_the_menu(bot: Bot) -> None:
    post_id = await a_post(bot)
    user = bot.user("en")
    texts = ("/start", "/start hello", f"/start post_{post_id} more", "/start " + "x" * 65)
    for text in texts:
        answer = await bot.say(user, text)
        assert answer.text == WELCOME, text


async def test_help_lists_staff_commands_for_staff_only(bot: Bot) -> None:
    staff_line = EN.gettext("Staff: {commands}").split("{")[0]
    person = (await bot.say(bot.user("en"), "/help")).text or ""
    assert staff_line not in person
    assert "/latest" in person
    assert "/start —" not in person  # just used, and the menu is below
    staff = (await bot.say(bot.user("en", user_id=STAFF_ID), "/help")).text or ""
    assert staff_line in staff
    assert "/stats" in staff
    admin = bot.user("en")
    group = bot.emu.add_group(admins=[admin])
    in_group = (await bot.say(admin, "/help", chat=group)).text or ""
    assert "/mydata" not in in_group
