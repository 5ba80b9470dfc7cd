"""Quiet hours under /settings through the bot: the screen opened in place, each choice
stored and ticked, an hour not on offer or a press after /forget expired, a group's members
refused."""

from __future__ import annotations

from cagbot.callbacks import encode
from cagbot.i18n import I18n
from cagbot.quiet_hours import END_CHOICES, START_CHOICES
from tests.e2e.conftest import Bot, subscribe

EN = I18n.load().get("en")
EXPIRED = EN.gettext("This button has expired. Please send the command again.")


def ticked(message: object) -> list[str]:
    return [label for row in message.buttons() for label, _ in row if label.startswith("✅")]  # type: ignore[attr-defined]


async def test_choices_are_stored_and_ticked(bot: Bot) -> None:
    user = bot.user("en")
    await subscribe(bot, user)
    settings = await bot.say(user, "/settings")
    await bot.press(user, settings, encode("qh"))
    screen = await bot.edited(settings)
    assert "🌙" in (screen.text or "")
    start = START_CHOICES[-1]
    answer = await bot.press(user, screen, encode("qw", "s", start))
    assert answer.get("text") == EN.gettext("Saved")
    screen = await bot.edited(settings)
    await bot.press(user, screen, encode("qm", "hold"))
    screen = await bot.edited(settings)
    quiet = await bot.app.bot_data.store.quiet_hours.get(user.id)
    assert quiet is not None
    assert (quiet.mode, quiet.start) == ("hold", start)
    assert len(ticked(screen)) == 3  # a mode, a start and an end
    assert any(f"{start:02d}:00" in label for label in ticked(screen))


async def test_an_hour_not_on_offer_or_a_press_after_forget_expires(bot: Bot) -> None:
    user = bot.user("en")
    await subscribe(bot, user)
    settings = await bot.say(user, "/settings")
    offered = set(START_CHOICES) | set(END_CHOICES)
    odd = next(h for h in range(24) if h not in offered)
    assert (await bot.forge(user, settings, encode("qw", "s", odd))).get("text") == EXPIRED
    await bot.app.bot_data.store.privacy.erase(user.id)
    assert (await bot.forge(user, settings, encode("qm", "off"))).get("text") == EXPIRED
    assert await bot.app.bot_data.store.subscribers.get(user.id) is None


async def test_a_groups_members_are_refused(bot: Bot) -> None:
    admin, member = bot.user("en"), bot.user("en")
    group = bot.emu.add_group(admins=[admin], members=[member])
    await subscribe(bot, admin, chat=group)
    settings = await bot.say(admin, "/settings", chat=group)
    answer = await bot.forge(member, settings, encode("qm", "off"))
    assert answer.get("text") == EN.gettext(
        "Sorry, only the admins of this group can change its settings."
    )
    quiet = await bot.app.bot_data.store.quiet_hours.get(group.id)
    assert quiet is not None
    assert quiet.mode != "off"
