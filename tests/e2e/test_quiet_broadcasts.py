"""Staff broadcasts and quiet hours, through the running bot, with staff writing in ru, sv
and en: the preview says whether a broadcast is urgent and whether it may be forwarded; an
urgent one rings at night even for readers who hold their notifications until morning; one
marked "do not forward" reaches everyone with protect_content; an ordinary one at night is
silent, or waits for the morning."""

from __future__ import annotations

import html

import pytest

from cagbot.bot.notifications import runtime_of
from cagbot.devserver import BotMessage, SimUser
from cagbot.i18n import Translator
from cagbot.store import Store
from cagbot.views import broadcast as bv
from cagbot.views import broadcast_planned as bp
from tests.e2e.conftest import STAFF_ID, Bot, button
from tests.e2e.night import MORNING, NIGHT, at, held
from tests.notify.conftest import subscribe

LANGUAGES = ("ru", "sv", "en")


async def _readers(bot: Bot) -> tuple[SimUser, SimUser]:
    """A Russian reader who holds night notifications, a Swedish one with the default."""
    store: Store = bot.app.bot_data.store
    runtime_of(bot.app).follow_every = 0.05
    holding, silent = bot.user("ru"), bot.user("sv")
    await subscribe(store, holding.id, language="ru")
    await subscribe(store, silent.id, language="sv")
    await store.quiet_hours.set_mode(holding.id, "hold")
    return holding, silent


async def _summary(bot: Bot, staff: SimUser, t: Translator, text: str) -> BotMessage:
    await bot.say(staff, "/broadcast")
    audience = await bot.say(staff, text)
    await bot.press(staff, audience, button(audience, t.gettext("All subscribers")))
    for _ in range(2):  # a label and the version itself
        await bot.emu.next_message(staff.id)
    return await bot.emu.next_message(staff.id)


def _says(message: BotMessage, line: str) -> bool:
    return html.unescape(line) in (message.text or "")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_urgent_protected_broadcast_rings_at_night_and_cannot_be_forwarded(
    bot: Bot, language: str
) -> None:
    t = bot.app.bot_data.i18n.get(language)
    staff = bot.user(user_id=STAFF_ID, language_code=language)
    holding, silent = await _readers(bot)
    at(bot, NIGHT)  # 03:00 in Bishkek, 22:00 in Stockholm

    summary = await _summary(bot, staff, t, "Office closed tomorrow: flood warning")
    assert _says(summary, bv.urgency_line(t, False))
    assert _says(summary, bv.protection_line(t, False))
    await bot.press(staff, summary, button(summary, bv.urgent_label(t, False)))
    summary = await bot.edited(summary)
    assert _says(summary, bv.urgency_line(t, True))
    assert button(summary, bv.urgent_label(t, True))  # ✅ on the button too
    await bot.press(staff, summary, button(summary, bv.protect_label(t, False)))
    summary = await bot.edited(summary)
    assert _says(summary, bv.urgency_line(t, True))
    assert _says(summary, bv.protection_line(t, True))
    # Toggled twice: off again, and back on.
    await bot.press(staff, summary, button(summary, bv.protect_label(t, True)))
    summary = await bot.edited(summary)
    assert _says(summary, bv.protection_line(t, False))
    await bot.press(staff, summary, button(summary, bv.protect_label(t, False)))
    summary = await bot.edited(summary)

    await bot.press(staff, summary, button(summary, bv.send_now_label(t, 2)))
    for reader in (holding, silent):
        message = await bot.emu.next_message(reader.id)
        assert "flood warning" in (message.text or "")
        assert (message.disable_notification, message.protect_content) == (False, True)
    [record] = await bot.app.bot_data.store.outbox.broadcasts()
    assert await bot.app.bot_data.store.quiet_hours.flags(record.id) == (True, True)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_ordinary_broadcast_at_night_is_silent_or_waits_for_the_morning(
    bot: Bot, language: str
) -> None:
    t = bot.app.bot_data.i18n.get(language)
    store: Store = bot.app.bot_data.store
    staff = bot.user(user_id=STAFF_ID, language_code=language)
    holding, silent = await _readers(bot)
    at(bot, NIGHT)

    summary = await _summary(bot, staff, t, "Film night on Friday")
    await bot.press(staff, summary, button(summary, bv.send_now_label(t, 2)))
    quiet = await bot.emu.next_message(silent.id)
    assert (quiet.disable_notification, quiet.protect_content) == (True, False)
    await held(store, 1)
    assert bot.emu.messages(holding.id) == []
    # Staff see why the broadcast is not finished yet.
    waiting = html.unescape(
        t.ngettext(
            "🌙 {n} recipient waits for the morning (quiet hours)",
            "🌙 {n} recipients wait for the morning (quiet hours)",
            1,
        ).format(n=1)
    )
    await bot.emu.wait_for(
        lambda: waiting in (bot.emu.message(staff.id, summary.message_id).text or "")  # type: ignore[union-attr]
    )

    at(bot, MORNING["ru"]).wake()  # 08:00 in Bishkek
    morning = await bot.emu.next_message(holding.id)
    assert "Film night" in (morning.text or "")
    assert (morning.disable_notification, morning.protect_content) == (False, False)


EDITOR_ID = 900_003


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_editors_protected_draft_keeps_its_flags_through_approval(
    bot: Bot, language: str
) -> None:
    t = bot.app.bot_data.i18n.get(language)
    holding, silent = await _readers(bot)
    bot.app.bot_data._settings = bot.app.bot_data.settings.model_copy(
        update={"editor_ids": frozenset({EDITOR_ID})}
    )
    editor = bot.user(user_id=EDITOR_ID, language_code=language)
    staff = bot.user(user_id=STAFF_ID, language_code=language)
    await bot.say(staff, "/help")  # known to the bot: the request comes in their language
    at(bot, NIGHT)

    summary = await _summary(bot, editor, t, "Partner meeting notes")
    await bot.press(editor, summary, button(summary, bv.protect_label(t, False)))
    summary = await bot.edited(summary)
    assert _says(summary, bv.protection_line(t, True))
    await bot.press(editor, summary, button(summary, bv.submit_label(t)))

    await bot.emu.next_message(staff.id)  # the text as it will look
    request = await bot.emu.next_message(staff.id)
    assert _says(request, bv.protection_line(t, True))
    assert _says(request, bv.urgency_line(t, False))
    await bot.press(staff, request, button(request, bp.approve_label(t)))
    quiet = await bot.emu.next_message(silent.id)
    assert (quiet.disable_notification, quiet.protect_content) == (True, True)
    await held(bot.app.bot_data.store, 1)  # not urgent: the holding reader gets it at 08:00
    at(bot, MORNING["ru"]).wake()
    morning = await bot.emu.next_message(holding.id)
    assert (morning.disable_notification, morning.protect_content) == (False, True)
