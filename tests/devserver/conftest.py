"""Fixtures: a running emulator, PTB's real Bot pointed at it, a raw HTTP client; and
seconds(), a RetryAfter's wait however PTB gives it."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from cagbot.devserver import Emulator, FloodLimits

TOKEN = "123456:TEST-token-aaaaaaaaaaaaaaaaaaaa"


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(token=TOKEN, limits=FloodLimits.off()) as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: Emulator) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(TOKEN, base_url=emu.base_url) as tg_bot:
        yield tg_bot


@pytest.fixture
async def http(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{emu.base_url}{TOKEN}/") as client:
        yield client


def seconds(exc: RetryAfter) -> float:
    # PTB 22 gives an int today (with a deprecation warning) and a timedelta later.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: int | dt.timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
