"""/mydata shows a person everything stored about them, /forget erases it after a button only
its owner can press, and neither the bot token nor a person's id reaches the INFO logs."""

from __future__ import annotations

import logging

import pytest

from cagbot import callbacks
from cagbot.i18n import I18n
from cagbot.logs import configure_logging
from tests.e2e.conftest import TOKEN, Bot, button, subscribe

I18N = I18n.load()
RU, EN = I18N.get("ru"), I18N.get("en")
PERSON = 7_345_918_226  # a realistic 10-digit Telegram id, easy to spot in a log


async def _queue_delivery(bot: Bot, chat_id: int) -> None:
    """A notification waiting in the outbox for the chat (as the notifier would leave it)."""
    db = bot.app.bot_data.store.db
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "INSERT INTO outbox_messages (kind, text) VALUES ('post', 'news')"
        )
        await connection.execute(
            "INSERT INTO outbox (message_id, chat_id) VALUES (?, ?)", (cursor.lastrowid, chat_id)
        )


async def test_mydata_shows_what_is_stored_in_the_persons_language(bot: Bot) -> None:
    user = bot.user("ru", user_id=PERSON)
    nothing = await bot.say(user, "/mydata")  # /mydata itself stores nothing
    assert RU.gettext("Nothing: I have no data stored about you.") in (nothing.text or "")
    prompt = await bot.say(user, "/subscribe")
    await bot.press(user, prompt, button(prompt, "Климат"))
    toggled = await bot.edited(prompt)
    await bot.press(user, toggled, callbacks.encode("subok"))
    await bot.edited(toggled)
    await _queue_delivery(bot, user.id)
    settings = (await bot.say(user, "/mydata")).text or ""
    text = settings + "\n\n" + ((await bot.emu.next_message(user.id)).text or "")
    assert RU.gettext("What I store about you") in text
    assert str(PERSON) in text  # it is theirs to see
    assert "Климат и экология" in text
    assert (
        RU.gettext("Language your Telegram app reports: {language}").format(
            language=RU.gettext("Russian")
        )
        in text
    )
    assert (
        RU.gettext("Subscribed to notifications: {answer}").format(answer=RU.gettext("yes")) in text
    )
    assert RU.ngettext("{n} deadline reminder", "{n} deadline reminders", 0).format(n=0) in text
    assert (
        RU.ngettext(
            "{n} notification record (which message, when, whether it arrived)",
            "{n} notification records (which message, when, whether it arrived)",
            1,
        ).format(n=1)
        in text
    )
    assert "/forget" in text


async def test_mydata_names_the_phones_language_and_the_bots_apart(bot: Bot) -> None:
    """A Kyrgyz phone is spoken to in Russian: /mydata says both, not "Russian" twice."""
    user = bot.user("ky", user_id=PERSON)
    await subscribe(bot, user)
    text = (await bot.say(user, "/mydata")).text or ""
    assert "Язык вашего приложения Telegram: кыргызский" in text
    assert "Язык, на котором я вам пишу: русский" in text


async def test_mydata_and_forget_refuse_to_work_in_a_group(bot: Bot) -> None:
    member = bot.user("en", user_id=PERSON)
    await subscribe(bot, member)
    group = bot.emu.add_group(members=[member])
    for command in ("/mydata", "/forget"):
        answer = await bot.say(member, command, chat=group)
        assert answer.text == EN.gettext(
            "To keep your data private, send me this command in a private chat."
        )
        assert str(PERSON) not in (answer.text or "")
        assert not answer.buttons()


async def test_forget_erases_everything_after_the_owners_confirmation(
    bot: Bot, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    noisy = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    configure_logging("INFO")  # exactly what `cagbot run` does
    try:
        owner = bot.user("en", user_id=PERSON)
        stranger = bot.user("en")
        prompt = await bot.say(owner, "/subscribe")
        await bot.press(owner, prompt, button(prompt, "Climate"))
        await bot.edited(prompt)
        await _queue_delivery(bot, owner.id)

        confirm = await bot.say(owner, "/forget")
        assert EN.gettext("Erase everything I store about you?") in (confirm.text or "")
        yes = button(confirm, EN.gettext("Yes, erase everything"))
        assert yes == callbacks.encode("fgt", "yes", PERSON)
        # Somebody else pressing a copy of the button, on the owner's message or in their
        # own chat, erases nothing.
        refused = await bot.forge(stranger, confirm, yes)
        assert refused["text"] == EN.gettext("Sorry, this button is not for you.")
        own = await bot.say(stranger, "/latest")
        refused = await bot.forge(stranger, own, yes)
        assert refused["text"] == EN.gettext("Sorry, this button is not for you.")
        assert not (await bot.app.bot_data.store.privacy.export(PERSON)).empty

        await bot.press(owner, confirm, yes)
        done = await bot.edited(confirm)
        # Only what there was, listed the English way: no "0 reminders".
        assert (done.text or "").startswith("Done: I erased your settings, 1 topic and ")
        assert "0 " not in (done.text or "")
        assert not done.buttons()
        data = await bot.app.bot_data.store.privacy.export(PERSON)
        assert data.empty
        assert await bot.app.bot_data.store.subscribers.get(PERSON) is None

        # An old keyboard pressed after erasing stores nothing again; it asks for /start.
        expired = await bot.press(owner, prompt, callbacks.encode("sub", "t", "peace"))
        assert expired["text"] == EN.gettext(
            "This button has expired. Please send the command again."
        )
        assert await bot.app.bot_data.store.subscribers.get(PERSON) is None
        # With nothing stored, /forget says so instead of asking.
        again = await bot.say(owner, "/forget")
        assert again.text == EN.gettext("Nothing: I have no data stored about you.")
        assert EN.gettext("Yes, erase everything") not in str(again.buttons())
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
        for name, old in noisy.items():
            logging.getLogger(name).setLevel(old)
    logged = capsys.readouterr().err
    assert "erased a person's data on request" in logged  # the flow was logged at INFO
    assert "refused a /forget confirmation" in logged
    assert TOKEN not in logged
    assert TOKEN.split(":")[1] not in logged
    assert str(PERSON) not in logged
