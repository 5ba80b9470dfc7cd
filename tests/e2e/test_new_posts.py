"""A post that `cagbot import` writes from another process while the bot runs is announced
to subscribers and found by search within seconds, without CAGBOT_FEEDS (issue 20)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.e2e.conftest import Bot, subscribe
from tests.helpers.journeys import cagbot_import

TITLE = "Климатическая школа в Оше"
#: The issue's bound: notified and searchable within ten seconds.
WITHIN = 10.0


async def test_an_import_in_another_process_is_announced_and_searchable(
    bot: Bot, tmp_path: Path
) -> None:
    settings = bot.app.bot_data.settings
    assert not settings.feeds
    user = bot.user(language_code="ru")
    await subscribe(bot, user)
    await bot.settle()
    before = await bot.say(user, "климатическая школа")
    assert TITLE not in (before.text or "")

    source = tmp_path / "new.txt"
    source.write_text(
        f"[Русский] {TITLE}\n\n"
        "Летняя школа для молодых климатических активистов в Оше. Неделя лекций, "
        "практики и встреч с экологами из Кыргызстана и Швеции.\n",
        encoding="utf-8",
    )
    output = await cagbot_import(source, settings.database)
    assert "The running bot will announce 1 new post" in output

    async def announced() -> None:
        while True:
            message = await bot.emu.next_message(user.id, timeout=WITHIN)
            if TITLE in (message.text or ""):
                return

    await asyncio.wait_for(announced(), WITHIN)
    found = await bot.say(user, "климатическая школа")
    assert TITLE in (found.text or "")
