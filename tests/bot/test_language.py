"""/language: the picker in the current language, a press that stores the choice and
answers in it, a group's non-admin refused, an old keyboard after /forget expired."""

from __future__ import annotations

from cagbot import views
from cagbot.callbacks import encode
from cagbot.i18n import I18n
from tests.e2e.conftest import Bot

I18N = I18n.load()


def tr(language: str, msgid: str) -> str:
    return I18N.get(language).gettext(msgid)


async def test_the_picker_offers_the_three_languages_and_stores_the_choice(bot: Bot) -> None:
    user = bot.user("en")
    picker = await bot.say(user, "/language")
    pressable = [data for row in picker.buttons() for _, data in row]
    assert {encode("lang", code) for code in ("sv", "en", "ru")} <= set(pressable)
    await bot.press(user, picker, encode("lang", "ru"))
    done = await bot.edited(picker)
    assert done.text == tr("ru", "Done: I will speak English with you now.")
    subscriber = await bot.app.bot_data.store.subscribers.get(user.id)
    assert subscriber is not None
    assert subscriber.language == "ru"
    # Everything after is in the language chosen, whatever the phone's.
    again = await bot.say(user, "/language")
    assert again.text == views.choose_language(I18N.get("ru"), "ru")


async def test_only_a_groups_admins_change_its_language(bot: Bot) -> None:
    admin, member = bot.user("en"), bot.user("en")
    group = bot.emu.add_group(admins=[admin], members=[member])
    picker = await bot.say(admin, "/language", chat=group)
    answer = await bot.press(member, picker, encode("lang", "sv"))
    assert answer.get("show_alert") is True
    assert answer.get("text") == tr(
        "en", "Sorry, only the admins of this group can change its language."
    )
    store = bot.app.bot_data.store
    assert (await store.subscribers.get(group.id)).language != "sv"  # type: ignore[union-attr]
    await bot.press(admin, picker, encode("lang", "sv"))
    await bot.edited(picker)
    assert (await store.subscribers.get(group.id)).language == "sv"  # type: ignore[union-attr]


async def test_a_picker_pressed_after_forget_has_expired(bot: Bot) -> None:
    user = bot.user("en")
    picker = await bot.say(user, "/language")
    await bot.app.bot_data.store.privacy.erase(user.id)
    answer = await bot.press(user, picker, encode("lang", "sv"))
    assert answer.get("text") == tr("en", "This button has expired. Please send the command again.")
    assert await bot.app.bot_data.store.subscribers.get(user.id) is None
