"""setMyDescription / setMyShortDescription in the emulator, as the Bot API spec has them:
per two-letter language code or the default, 0-512 / 0-120 characters, "" removes."""

from __future__ import annotations

import pytest
import telegram
from telegram.error import BadRequest

from cagbot.devserver import Emulator


async def test_descriptions_per_language_and_default(emu: Emulator, bot: telegram.Bot) -> None:
    await bot.set_my_description("Default")
    await bot.set_my_description("По-русски", language_code="ky")
    await bot.set_my_short_description("Kort", language_code="sv")
    assert (await bot.get_my_description()).description == "Default"
    assert (await bot.get_my_description(language_code="ky")).description == "По-русски"
    assert (await bot.get_my_short_description(language_code="sv")).short_description == "Kort"
    assert emu.descriptions == {"": "Default", "ky": "По-русски"}
    await bot.set_my_description("", language_code="ky")  # removes the dedicated one
    assert (await bot.get_my_description(language_code="ky")).description == ""
    assert emu.violations == []


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        ("set_my_description", {"description": "x" * 513}),
        ("set_my_short_description", {"short_description": "x" * 121}),
        ("set_my_description", {"description": "ok", "language_code": "kir"}),
        ("set_my_short_description", {"short_description": "ok", "language_code": "RU"}),
    ],
)
async def test_what_the_spec_refuses_is_refused(
    emu: Emulator, bot: telegram.Bot, call: str, kwargs: dict[str, str]
) -> None:
    with pytest.raises(BadRequest):
        await getattr(bot, call)(**kwargs)
    assert emu.violations  # recorded, so a bot test that does this fails


async def test_the_limits_count_characters_not_bytes(bot: telegram.Bot) -> None:
    await bot.set_my_description("ж" * 512)  # 1024 bytes in UTF-8, 512 characters
    await bot.set_my_short_description("ж" * 120)
