"""/timezone: the picker with the chat's zone ticked, a press that stores the zone and shows
times in it from then on; a group's members refused; a forged index or a keyboard pressed
after /forget expired."""

from __future__ import annotations

from cagbot.callbacks import encode
from cagbot.i18n import I18n
from cagbot.timezones import CHOICES
from tests.e2e.conftest import Bot

I18N = I18n.load()
EN = I18N.get("en")
EXPIRED = EN.gettext("This button has expired. Please send the command again.")
ALMATY = CHOICES.index("Asia/Almaty")


def ticked(labels: list[list[tuple[str, str | None]]]) -> list[str]:
    return [label for row in labels for label, _ in row if label.startswith("✅")]


async def test_the_picker_ticks_the_zone_and_a_press_stores_another(bot: Bot) -> None:
    user = bot.user("ru")
    picker = await bot.say(user, "/timezone")
    (mark,) = ticked(picker.buttons())
    assert "Бишкек" in mark  # a Russian reader's default zone
    await bot.press(user, picker, encode("tz", ALMATY))
    done = await bot.edited(picker)
    assert "Алматы" in (done.text or "")
    subscriber = await bot.app.bot_data.store.subscribers.get(user.id)
    assert subscriber is not None
    assert subscriber.time_zone == "Asia/Almaty"
    (mark,) = ticked((await bot.say(user, "/timezone")).buttons())
    assert "Алматы" in mark


async def test_a_groups_members_may_not_change_its_zone(bot: Bot) -> None:
    admin, member = bot.user("en"), bot.user("en")
    group = bot.emu.add_group(admins=[admin], members=[member])
    picker = await bot.say(admin, "/timezone", chat=group)
    answer = await bot.press(member, picker, encode("tz", ALMATY))
    assert answer.get("text") == EN.gettext(
        "Sorry, only the admins of this group can change its settings."
    )
    subscriber = await bot.app.bot_data.store.subscribers.get(group.id)
    assert subscriber is not None
    assert subscriber.time_zone is None


async def test_a_forged_zone_or_a_keyboard_after_forget_expires(bot: Bot) -> None:
    user = bot.user("en")
    picker = await bot.say(user, "/timezone")
    assert (await bot.forge(user, picker, encode("tz", len(CHOICES)))).get("text") == EXPIRED
    await bot.app.bot_data.store.privacy.erase(user.id)
    assert (await bot.press(user, picker, encode("tz", ALMATY))).get("text") == EXPIRED
    assert await bot.app.bot_data.store.subscribers.get(user.id) is None
