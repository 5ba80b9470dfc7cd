"""Heavy searches never hold up anybody else: another person's /start is answered while
five people's heaviest allowed queries are still waiting for the search worker.

The engine is gated so that the first search blocks in the worker until the test lets it
go: if searches ran on the event loop, the loop itself would be stuck there and /start
could only be answered after them (the order assertions fail). Times are in
bench/search_bench.py, not here.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from cagbot.bot.search import QUERY_LIMIT
from tests.e2e.conftest import Bot

# The heaviest queries the handlers let through: a message is cut at QUERY_LIMIT
# characters, an inline query is at most 255 characters (Bot API).
REPEATED = ("стажировка " * 40)[:QUERY_LIMIT]
# Thirty words, as a long question would have.
LONG = (
    "здравствуйте как подать заявку на стажировку в Оше летом права человека волонтер "
    "климат permaculture internship praktik genus residency kyrgyzstan youth exchange "
    "theatre coffee women rights gender climate osh bishkek подскажите пожалуйста"
)
TYPOS = " ".join(["stazhirovak", "permakultrua", "volonterstov", "praktkant", "internshpi"] * 4)
INLINE = ("internship stipend osh bishkek kyrgyzstan " * 8)[:255]
HEAVY = [REPEATED, LONG, TYPOS]


async def test_start_is_answered_while_heavy_searches_wait(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = bot.app.bot_data.search
    original = engine.search
    entered, release = threading.Event(), threading.Event()
    loop_thread = threading.get_ident()
    on_loop: list[str] = []

    def gated(*args: Any, **kwargs: Any) -> Any:
        if threading.get_ident() == loop_thread:
            on_loop.append(str(args[0]))  # blocking here would stall the whole test
        else:
            entered.set()
            release.wait(timeout=30)
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "search", gated)
    heavy = [bot.user("ru") for _ in range(5)]
    try:
        for user in heavy:
            for text in HEAVY:
                bot.emu.send_text(user, text)
        inline = [bot.emu.inline_query(user, INLINE) for user in heavy]
        await bot.emu.wait_for(lambda: entered.is_set() or on_loop, timeout=10)
        assert on_loop == [], "searches ran on the event loop"

        other = bot.user("sv")
        welcome = await bot.say(other, "/start")
        assert "Välkommen" in (welcome.text or "")
        # Every search is still waiting: /start did not queue behind any of them.
        assert all(bot.emu.messages(user.id) == [] for user in heavy)
        assert not any(query in bot.emu.inline_answers for query in inline)
    finally:
        release.set()

    await bot.settle()
    for user in heavy:
        assert len(bot.emu.messages(user.id)) == len(HEAVY)
    assert all(query in bot.emu.inline_answers for query in inline)
    help_text = await bot.say(other, "/help")
    assert help_text.text
