"""/latest: the newest posts first, a page at a time, ◀ ▶ editing the message in place; a
topic's posts from a suggestion button answered below it; an unknown topic expired."""

from __future__ import annotations

from datetime import UTC, datetime

from cagbot.callbacks import encode
from cagbot.i18n import I18n
from cagbot.models import PostDraft
from tests.e2e.conftest import Bot

EN = I18n.load().get("en")
TITLE = "Brand new climate camp in Karakol"


async def newest(bot: Bot) -> None:
    await bot.app.bot_data.store.posts.upsert(
        PostDraft(
            key=TITLE.lower(),
            title=TITLE,
            summary="Young activists meet in Karakol.",
            language="en",
            source="test",
            published=datetime.now(UTC),
            topics=("climate",),
        )
    )


def pressable(message: object) -> list[str]:
    return [data for row in message.buttons() for _, data in row if data]  # type: ignore[attr-defined]


async def test_the_newest_post_comes_first_and_pages_turn_in_place(bot: Bot) -> None:
    await newest(bot)
    user = bot.user("en")
    first = await bot.say(user, "/latest")
    assert TITLE in (first.text or "")
    assert encode("lat", 1) in pressable(first)
    await bot.press(user, first, encode("lat", 1))
    second = await bot.edited(first)
    assert TITLE not in (second.text or "")
    assert encode("lat", 0) in pressable(second)  # ◀ back
    assert len(bot.emu.messages(user.id)) == 1


async def test_a_topics_posts_and_an_unknown_topic(bot: Bot) -> None:
    await newest(bot)
    user = bot.user("en")
    message = await bot.say(user, "/latest")
    await bot.forge(user, message, encode("top", "climate", 0))
    topic = await bot.emu.next_message(user.id)  # below, the suggestions kept
    assert topic.message_id != message.message_id
    assert TITLE in (topic.text or "")
    answer = await bot.forge(user, message, encode("top", "nosuchtopic", 0))
    assert answer.get("text") == EN.gettext(
        "This button has expired. Please send the command again."
    )
