"""Flood protection: over-budget updates are stopped before any feature sees them.

One person sending a hundred messages a second must neither make the bot spend its 30
sends a second on them nor delay anybody else's answer. A :class:`TypeHandler` in its own
handler group, ahead of every other, asks the person's :class:`~cagbot.bot.throttle.Throttle`
about each update that would make the bot work (private messages, commands anywhere, button
presses, inline queries) and raises ``ApplicationHandlerStop`` when they are over budget.
The first dropped update of a window gets one polite, localized "slow down" (a message in
a private chat, the callback answer for a button); the rest are dropped silently.
"""

from __future__ import annotations

from typing import Final, Protocol, runtime_checkable

from telegram import Chat, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, TypeHandler

from cagbot import views
from cagbot.bot.context import BotApp, BotContext
from cagbot.bot.queries import search_cost
from cagbot.bot.throttle import Throttle, Throttles, Verdict

#: A group of its own: only the first matching handler of a group runs, and the chat
#: life-cycle handlers of group -1 must still see membership updates.
GROUP: Final = -10


@runtime_checkable
class _Stamping(Protocol):
    """An update processor that knows when each update arrived (see app.py)."""

    def arrived_at(self, update: object) -> float | None: ...


def _budget(update: Update, throttles: Throttles) -> Throttle | None:
    """Which budget an update spends, or None when it makes the bot do nothing much."""
    if update.inline_query is not None:
        return throttles.inline
    if update.callback_query is not None:
        return throttles.messages
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
    verdict = budget.check(user.id, arrived, search_cost(update))
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.NOTICE:
        await _notify(update, context)
    raise ApplicationHandlerStop


async def _notify(update: Update, context: BotContext) -> None:
    t = await context.translator()
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(views.slow_down_short(t))
        elif update.effective_chat is not None and update.effective_chat.type == Chat.PRIVATE:
            await update.effective_chat.send_message(views.slow_down(t), parse_mode="HTML")
        # In groups a notice would be noise for everybody else: drop silently.
    except TelegramError:
        pass  # a flooder who blocked us or a flaky network: dropping is all that matters


def register(app: BotApp) -> None:
    app.add_handler(TypeHandler(Update, gate), group=GROUP)
