"""A group's language through the running bot: the one its admins chose, else the Telegram
language of the admin who set it up, for everything sent there (replies to anyone,
notifications, digests), whatever the language of whoever writes in it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from cagbot import callbacks
from cagbot.bot.notifications import runtime_of
from cagbot.i18n import I18n
from cagbot.models import OpportunityDetails, PostDraft
from tests.e2e.conftest import TODAY, Bot, subscribe
from tests.e2e.phone import MAX_LINES, longest_reply, phone_lines


@pytest.fixture(autouse=True)
async def _every_reply_fits_a_phone(bot: Bot) -> AsyncIterator[None]:
    """After each journey: no message the bot sent in it is longer than a phone screen."""
    yield
    lines, first = longest_reply(bot.emu)
    print(f"longest reply: {lines} lines ({first[:40]!r})")
    assert lines <= MAX_LINES, first


I18N = I18n.load()


def tr(language: str, msgid: str) -> str:
    return I18N.get(language).gettext(msgid)


async def _new_post(bot: Bot, title: str, *, call: bool = True) -> int:
    store = bot.app.bot_data.store
    added = await store.posts.upsert(
        PostDraft(
            key=title,
            title=title,
            summary="Two months with a partner organisation in Osh.",
            language="en",
            source="test",
            kind="opportunity" if call else "post",
            url=f"https://centralasien.se/{len(title)}",
            opportunity=OpportunityDetails(
                type="internship",
                deadline=TODAY + timedelta(days=400),
                apply_url="https://centralasien.se/apply",
            )
            if call
            else None,
        )
    )
    assert added.post_id is not None
    return added.post_id


@pytest.mark.parametrize("language", ["ru", "sv"])
async def test_a_group_set_up_by_its_admin_speaks_the_admins_language(
    bot: Bot, language: str
) -> None:
    store = bot.app.bot_data.store
    runtime = runtime_of(bot.app)
    assert runtime.notifier is not None
    await runtime.notifier.announce_new_posts()  # the first run absorbs the backlog
    admin = bot.user(language_code=language)
    english_member = bot.user(language_code="en")
    group = bot.emu.add_group("Novi Ritm", admins=[admin], members=[english_member])
    confirmation = await subscribe(bot, admin, chat=group)
    assert confirmation.text
    # Anyone's question in the group is answered in the group's language.
    answer = await bot.say(english_member, "/help", chat=group)
    assert tr(language, "What I can do") in (answer.text or "")
    shown = await bot.say(english_member, "/language", chat=group)
    name = {"ru": "русский", "sv": "svenska"}[language]
    assert name in (shown.text or "")

    # A new opportunity: the notification, its language mark and its buttons.
    await _new_post(bot, "Internship in Osh")
    report = await runtime.notifier.announce_new_posts()
    assert report.deliveries == 1
    assert runtime.dispatcher is not None
    runtime.dispatcher.wake()
    push = await bot.emu.next_message(group.id)
    assert "Internship in Osh" in (push.text or "")
    labels = [label for row in push.buttons() for label, _ in row]
    assert tr(language, "Open in the bot") in labels
    assert "Open in the bot" not in labels
    assert tr(language, "⚙️ Manage subscription") in labels

    # The group switches to daily digests: the digest is in its language too.
    await store.subscribers.set_frequency(group.id, "daily")
    await _new_post(bot, "Summer camp in Karakol", call=False)
    await runtime.notifier.announce_new_posts()
    assert await runtime.notifier.send_digests("daily", "test") == 1
    runtime.dispatcher.wake()
    digest = await bot.emu.next_message(group.id)
    assert "Summer camp in Karakol" in (digest.text or "")
    english = I18N.get("en")
    assert english.gettext("Open in the bot") not in str(digest.buttons())
    assert all(phone_lines(m.text or "") <= MAX_LINES for m in bot.emu.messages(group.id))


@pytest.mark.parametrize(("adder", "chosen"), [("en", "ru"), ("en", "sv")])
async def test_the_admins_choice_wins_over_the_adders_language(
    bot: Bot, adder: str, chosen: str
) -> None:
    admin = bot.user(language_code=adder)
    group = bot.emu.add_group("Novi Ritm", admins=[admin])
    await subscribe(bot, admin, chat=group)
    picker = await bot.say(admin, "/language", chat=group)
    await bot.press(admin, picker, callbacks.encode("lang", chosen))
    await bot.settle()
    reader = bot.user(language_code=adder)
    answer = await bot.say(reader, "/help", chat=group)
    assert tr(chosen, "What I can do") in (answer.text or "")
    language, _ = await bot.app.bot_data.store.subscribers.language_of(group.id)
    assert language == chosen
