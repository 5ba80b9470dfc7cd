"""Flood limits: 429 with retry_after, switchable and scalable."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import telegram
from telegram.error import RetryAfter

from cagbot.devserver import Emulator, FloodLimits
from cagbot.devserver.limits import FloodControl
from tests.devserver.conftest import TOKEN, seconds


async def burst(emu: Emulator, chat_ids: list[int], **extra: object) -> list[int]:
    return [r.status_code for r in await burst_responses(emu, chat_ids, **extra)]


async def burst_responses(
    emu: Emulator, chat_ids: list[int], **extra: object
) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=f"{emu.base_url}{TOKEN}/") as client:
        return list(
            await asyncio.gather(
                *(
                    client.post("sendMessage", json={"chat_id": cid, "text": "x", **extra})
                    for cid in chat_ids
                )
            )
        )


async def test_overall_limit_gives_429_with_retry_after() -> None:
    async with Emulator(token=TOKEN, limits=FloodLimits()) as emu:
        ids = [emu.add_user().id for _ in range(40)]
        responses = await burst_responses(emu, ids)
        codes = [r.status_code for r in responses]
        assert codes.count(200) == 30
        assert codes.count(429) == 10
        refused = next(r.json() for r in responses if r.status_code == 429)
        assert refused == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        }
        assert emu.stats.flood_429 == 10
        assert emu.stats.sends_accepted == 30
        assert emu.violations == []


async def test_paid_broadcast_uses_its_own_limit() -> None:
    async with Emulator(token=TOKEN, limits=FloodLimits()) as emu:
        ids = [emu.add_user().id for _ in range(40)]
        assert set(await burst(emu, ids, allow_paid_broadcast=True)) == {200}


async def test_no_429_with_limits_off() -> None:
    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emu:
        user = emu.add_user()
        group = emu.add_group()
        assert set(await burst(emu, [user.id] * 20 + [group.id] * 30)) == {200}
        assert emu.stats.flood_429 == 0


# PTB formats its own message from the int retry_after, which warns about the timedelta switch.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_ptb_sees_retry_after_for_a_private_chat_burst() -> None:
    async with Emulator(token=TOKEN, limits=FloodLimits(overall_per_second=None)) as emu:
        user = emu.add_user()
        async with telegram.Bot(TOKEN, base_url=emu.base_url) as bot:
            for _ in range(3):
                await bot.send_message(user.id, "ok")
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(user.id, "too many")
        assert seconds(caught.value) >= 1
        assert emu.stats.flood_429 == 1


def test_group_limit_is_a_sliding_minute_and_scale_shrinks_it() -> None:
    now = 1000.0
    limits = FloodLimits(overall_per_second=None)
    control = FloodControl(limits)
    assert all(control.check(-5, False, False, now) is None for _ in range(20))
    assert control.check(-5, False, False, now) == 60
    assert control.check(-6, False, False, now) is None  # other groups are independent
    fast = FloodControl(limits.scaled(60.0))
    assert all(fast.check(-5, False, False, now) is None for _ in range(20))
    assert fast.check(-5, False, False, now) == 1
    assert fast.check(-5, False, False, now + 1.01) is None


def test_private_bucket_refills_at_the_scaled_rate() -> None:
    control = FloodControl(FloodLimits(overall_per_second=None, scale=10.0))
    assert [control.check(7, True, False, 0.0) for _ in range(4)] == [None, None, None, 1]
    assert control.check(7, True, False, 0.11) is None


def test_switching_single_limits_off() -> None:
    control = FloodControl(FloodLimits(overall_per_second=None, private_per_second=None))
    assert all(control.check(7, True, False, 0.0) is None for _ in range(100))


def test_jitter_forgives_only_that_much_of_the_overall_window() -> None:
    strict = FloodControl(FloodLimits(private_per_second=None))
    lenient = FloodControl(FloodLimits(private_per_second=None, jitter=0.05))
    for control in (strict, lenient):
        assert all(control.check(n, True, False, 0.0) is None for n in range(30))
    # The 31st send 0.96 s after the first 30: too early for Telegram's strict window, within
    # the 50 ms the lenient one forgives; 0.94 s is too early for both.
    assert strict.check(99, True, False, 0.96) == 1
    assert lenient.check(98, True, False, 0.94) == 1
    assert lenient.check(99, True, False, 0.96) is None
