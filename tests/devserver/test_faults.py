"""Injected faults reach PTB as its own exceptions and are never counted as violations."""

from __future__ import annotations

import pytest
import telegram
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from cagbot.devserver import Emulator
from tests.devserver.conftest import seconds


async def test_blocked_user_is_forbidden_until_unblocked(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    emu.faults.block(user)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user.id, "hej")
    emu.faults.unblock(user)
    await bot.send_message(user.id, "hej")
    assert emu.violations == []
    assert emu.stats.faults_injected == 1


async def test_user_who_never_started_cannot_be_messaged(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user(started=False)
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(user.id, "hej")
    emu.send_text(user, "/start")
    await bot.send_message(user.id, "hej")


async def test_forgotten_chat_is_not_found(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    emu.faults.forget_chat(user.id)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(user.id, "hej")
    assert emu.violations == []


async def test_migrated_group_raises_chat_migrated_and_new_id_works(
    emu: Emulator, bot: telegram.Bot
) -> None:
    admin = emu.add_user()
    group = emu.add_group(title="Novi Ritm", admins=[admin])
    new_id = emu.faults.migrate(group)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(group.id, "hej")
    assert caught.value.new_chat_id == new_id
    assert str(new_id).startswith("-100")
    await bot.send_message(new_id, "hej")
    assert [m.text for m in emu.messages(new_id)] == ["hej"]
    service = [u.message for u in await bot.get_updates()]
    assert service[0].migrate_to_chat_id == new_id
    assert service[1].migrate_from_chat_id == group.id
    assert emu.violations == []


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_scripted_retry_after_and_times(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    emu.faults.script("sendMessage", chat_id=user.id, error_code=429, retry_after=7, times=2)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(user.id, "hej")
        assert seconds(caught.value) == 7
    await bot.send_message(user.id, "hej")
    assert emu.violations == []


async def test_scripted_fault_only_hits_its_chat(emu: Emulator, bot: telegram.Bot) -> None:
    victim, other = emu.add_user(), emu.add_user()
    emu.faults.script("sendmessage", chat_id=victim.id, error_code=403)
    await bot.send_message(other.id, "ok")
    with pytest.raises(Forbidden):
        await bot.send_message(victim.id, "no")


async def test_random_5xx_is_a_network_error_and_seeded(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()

    async def outcomes() -> list[bool]:
        results = []
        for _ in range(20):
            try:
                await bot.send_message(user.id, "x")
                results.append(True)
            except NetworkError as exc:
                results.append("Bad Gateway" not in str(exc))
        return results

    emu.faults.random_5xx(0.5, seed=3)
    first = await outcomes()
    emu.faults.random_5xx(0.5, seed=3)
    assert await outcomes() == first
    assert True in first
    assert False in first
    await bot.get_me()  # not a send: unaffected by default
    assert emu.violations == []


async def test_delay_times_out_the_client(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    emu.faults.delay("sendMessage", 5)
    with pytest.raises(TimedOut):
        await bot.send_message(user.id, "slow", read_timeout=0.2)
    emu.faults.delay("sendMessage", 0)
    await bot.send_message(user.id, "fast")


async def test_dropped_connection_is_a_network_error(emu: Emulator, bot: telegram.Bot) -> None:
    user = emu.add_user()
    emu.faults.drop_connections("sendMessage", times=1)
    with pytest.raises(NetworkError):
        await bot.send_message(user.id, "lost")
    await bot.send_message(user.id, "delivered")
    assert [m.text for m in emu.messages(user.id)] == ["delivered"]
