"""Flood protection: over-budget updates are stopped before any feature sees them.

One person sending a hundred messages a second must neither make the bot spend its 30
sends a second on them nor delay anybody else's answer. A :class:`TypeHandler` in its own
handler group, ahead of every other, asks the person's :class:`~cagbot.bot.throttle.Throttle`
about each update that would make the bot work (private messages, commands anywhere, button
inline queries) and raises ``ApplicationHandlerStop`` when they are over budget.
The first dropped message of a window gets one polite, localized "slow down"; the rest are
dropped silently.

Button presses are different: a person ticking topics at a normal pace must see every tap
answered and applied, in order. So a press spends its own, wider budget and is *delayed*,
never dropped: over budget it waits here for its token (the chat's lock, taken by
:class:`~cagbot.bot.update_processor.PerChatUpdateProcessor`, keeps the presses after it
in order). Only a
press that would wait longer than ``Throttles.button_max_wait`` is refused, and that one is
still answered ("too fast"), so no spinner is left turning.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Final, Protocol, runtime_checkable

from telegram import Chat, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, TypeHandler

from cagbot import views
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.handler_groups import HandlerGroup
from cagbot.bot.queries import search_cost
from cagbot.bot.throttle import Throttle, Throttles, Verdict

GROUP: Final = HandlerGroup.FLOOD


@runtime_checkable
class _Stamping(Protocol):
    """An update processor that knows when each update arrived (see update_processor.py)."""

    def arrived_at(self, update: object) -> float | None: ...


def _budget(update: Update, throttles: Throttles) -> Throttle | None:
    """Which budget an update spends, or None when it makes the bot do nothing much."""
    if update.inline_query is not None:
        return throttles.inline
    if update.callback_query is not None:
        return throttles.buttons
    # Handlers answer edited messages as well; channel posts and membership changes carry
    # no person or make the bot do nothing much.
    message = update.message or update.edited_message
    if message is None:
        return None
    if message.chat.type == Chat.PRIVATE:
        return throttles.messages
    text = message.text or ""
    # In a group only commands make the bot work; chatter between members is not counted.
    return throttles.messages if text.startswith("/") else None


async def gate(update: object, context: BotContext) -> None:
    """Let the update through, or stop it (after one notice per window)."""
    if not isinstance(update, Update):
        return
    user = update.effective_user
    if user is None:
        return
    budget = _budget(update, context.services.throttles)
    if budget is None:
        return
    processor = context.application.update_processor
    arrived = processor.arrived_at(update) if isinstance(processor, _Stamping) else None
    if update.callback_query is not None:
        await _queue_press(update, context, arrived)
        return
    verdict = budget.check(user.id, arrived, search_cost(update))
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.NOTICE:
        await _notify(update, context)
    raise ApplicationHandlerStop


async def _queue_press(update: Update, context: BotContext, arrived: float | None) -> None:
    """Wait for the press's turn in its person's budget, or answer it "too fast"."""
    query, user = update.callback_query, update.effective_user
    assert query is not None
    assert user is not None
    throttles = context.services.throttles
    wait = throttles.buttons.reserve(user.id, arrived, max_wait=throttles.button_max_wait)
    if wait is None:
        t = await context.translator()
        # The query may be too old to answer; nothing else is left to do then.
        with contextlib.suppress(TelegramError):
            await query.answer(views.slow_down_short(t))
        raise ApplicationHandlerStop
    start = arrived if arrived is not None else time.monotonic()
    delay = start + wait - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


async def _notify(update: Update, context: BotContext) -> None:
    t = await context.translator()
    try:
        if update.effective_chat is not None and update.effective_chat.type == Chat.PRIVATE:
            await update.effective_chat.send_message(views.slow_down(t), parse_mode="HTML")
        # In groups a notice would be noise for everybody else: drop silently.
    except TelegramError:
        pass  # a flooder who blocked us or a flaky network: dropping is all that matters


def register(app: BotApp) -> None:
    app.add_handler(TypeHandler(Update, gate), group=GROUP)
