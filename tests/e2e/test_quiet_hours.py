"""Quiet hours through the running bot, in ru, sv and en: chosen under /settings; a
notification at night arrives silently, or (hold) at 08:00 local; a digest never rings at
night; /mydata shows the choice and /forget erases it. The dispatcher's clock is moved to
the night and the morning (no real waiting)."""

from __future__ import annotations

import pytest

from cagbot import callbacks, views
from cagbot.bot.notifications import runtime_of
from cagbot.devserver import BotMessage, SimUser
from cagbot.i18n import I18n, Translator
from cagbot.quiet_hours import QuietHours
from cagbot.store import Store
from tests.e2e.conftest import Bot, button, subscribe
from tests.e2e.night import MORNING, NIGHT, at, held

LANGUAGES = ("ru", "sv", "en")
I18N = I18n.load()


async def _notify(bot: Bot, user: SimUser, text: str, *, kind: str = "post") -> None:
    store: Store = bot.app.bot_data.store
    await store.outbox.enqueue([user.id], text, kind=kind)  # type: ignore[arg-type]
    runtime = runtime_of(bot.app).dispatcher
    assert runtime is not None
    runtime.wake()


async def _quiet_screen(bot: Bot, user: SimUser, t: Translator) -> BotMessage:
    settings = await bot.say(user, "/settings")
    await bot.press(user, settings, button(settings, t.gettext("🌙 Quiet hours")))
    return await bot.edited(settings)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_night_notification_arrives_silently_by_default(bot: Bot, language: str) -> None:
    t = I18N.get(language)
    user = bot.user(language)
    await subscribe(bot, user)
    settings = await bot.say(user, "/settings")
    default = views.quiet_hours_line(t, QuietHours())
    assert default in (settings.text or "")  # the summary ends with the quiet hours
    screen = await _quiet_screen(bot, user, t)
    assert t.gettext("At night notifications arrive without sound.") in (screen.text or "")
    assert "22:00–08:00" in (screen.text or "")
    assert button(screen, "🔕").startswith(callbacks.encode("qm", "silent"))
    assert screen.buttons()[0][0][0].startswith("✅")  # silent is the default

    at(bot, NIGHT)
    await _notify(bot, user, "night")
    night = await bot.emu.next_message(user.id)
    assert (night.text, night.disable_notification) == ("night", True)
    at(bot, MORNING[language])
    await _notify(bot, user, "day")
    day = await bot.emu.next_message(user.id)
    assert (day.text, day.disable_notification) == ("day", False)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_hold_delivers_a_night_notification_at_eight_local(bot: Bot, language: str) -> None:
    t = I18N.get(language)
    store: Store = bot.app.bot_data.store
    user = bot.user(language)
    await subscribe(bot, user)
    screen = await _quiet_screen(bot, user, t)
    answer = await bot.press(user, screen, button(screen, "⏰"))
    assert answer["text"] == views.saved(t)
    screen = await bot.edited(screen)
    waits = t.gettext("At night notifications wait until {end}.").format(end="08:00")
    assert waits in (screen.text or "")

    at(bot, NIGHT)
    before = len(bot.emu.messages(user.id))
    await _notify(bot, user, "for the morning")
    await held(store, 1)
    assert len(bot.emu.messages(user.id)) == before  # nothing sent in the night

    at(bot, MORNING[language]).wake()
    morning = await bot.emu.next_message(user.id)
    assert (morning.text, morning.disable_notification) == ("for the morning", False)
    assert await store.quiet_hours.held() == 0


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_digest_never_rings_at_night_and_mydata_and_forget(bot: Bot, language: str) -> None:
    t = I18N.get(language)
    store: Store = bot.app.bot_data.store
    user = bot.user(language)
    await subscribe(bot, user)
    screen = await _quiet_screen(bot, user, t)
    await bot.press(user, screen, button(screen, "🔔"))
    screen = await bot.edited(screen)
    await bot.press(user, screen, button(screen, "🌙 23:00"))
    screen = await bot.edited(screen)
    assert "23:00–08:00" in (screen.text or "")

    # 22:00 in Stockholm is no longer night for sv/en; 03:00 in Bishkek is. Quiet hours
    # are off anyway: a post rings, a digest does not (the default night applies to it).
    at(bot, NIGHT)
    await _notify(bot, user, "post")
    post = await bot.emu.next_message(user.id)
    await _notify(bot, user, "digest", kind="digest")
    digest = await bot.emu.next_message(user.id)
    assert (post.text, post.disable_notification) == ("post", False)
    assert (digest.text, digest.disable_notification) == ("digest", True)

    mydata = await bot.say(user, "/mydata")
    line = t.gettext("Quiet hours: {start}–{end}, {mode}").format(
        start="23:00", end="08:00", mode=t.pgettext("quiet hours", "off")
    )
    assert line in (mydata.text or "")

    confirm = await bot.say(user, "/forget")
    while not confirm.buttons():  # a long summary comes in parts, the buttons on the last
        confirm = await bot.emu.next_message(user.id)
    await bot.press(user, confirm, callbacks.encode("fgt", "yes", user.id))
    await bot.edited(confirm)
    assert await store.quiet_hours.get(user.id) is None
    # An old quiet hours keyboard stores nothing again.
    expired = await bot.press(user, screen, callbacks.encode("qm", "hold"))
    assert expired["text"] == t.gettext("This button has expired. Please send the command again.")
    assert await store.subscribers.get(user.id) is None
