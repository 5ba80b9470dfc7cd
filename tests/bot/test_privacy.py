"""/forget's confirmation: "No" keeps everything and says so; "Yes" erases and forgets the
chat's last search results held in memory too."""

from __future__ import annotations

from cagbot.bot import privacy_texts
from cagbot.callbacks import encode
from cagbot.i18n import I18n
from tests.e2e.conftest import Bot, subscribe

EN = I18n.load().get("en")


async def test_no_keeps_everything(bot: Bot) -> None:
    user = bot.user("en")
    await subscribe(bot, user)
    confirm = await bot.say(user, "/forget")
    assert confirm.text == privacy_texts.forget_prompt(EN).replace("<b>", "").replace("</b>", "")
    await bot.press(user, confirm, encode("fgt", "no", user.id))
    kept = await bot.edited(confirm)
    assert kept.text == EN.gettext("Nothing was erased.")
    assert not (await bot.app.bot_data.store.privacy.export(user.id)).empty


async def test_yes_erases_the_stored_rows_and_the_chats_memory(bot: Bot) -> None:
    user = bot.user("en")
    await subscribe(bot, user)
    await bot.say(user, "climate")  # a search: its results are kept in the chat's memory
    assert bot.app.chat_data[user.id]
    confirm = await bot.say(user, "/forget")
    await bot.press(user, confirm, encode("fgt", "yes", user.id))
    done = await bot.edited(confirm)
    assert (done.text or "").startswith("Done: I erased your settings")
    assert (await bot.app.bot_data.store.privacy.export(user.id)).empty
    assert not bot.app.chat_data[user.id]
