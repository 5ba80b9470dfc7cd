"""Notifications: new posts and opportunities to subscribers, deadline reminders, digests
and staff broadcasts, all through a durable SQLite outbox drained within Telegram's limits.

A service layer, free of the bot's handlers: :mod:`cagbot.bot.notifications` runs it inside
the bot (dispatcher task, jobs, broadcast follow-up); ``broadcast_from_cli`` is the
``cagbot broadcast`` command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cagbot.lazy import lazy_exports

if TYPE_CHECKING:
    from cagbot.notify.broadcasts import BroadcastError, BroadcastReport, BroadcastService
    from cagbot.notify.cli import broadcast_from_cli
    from cagbot.notify.dispatcher import Dispatcher
    from cagbot.notify.feeds import FeedPoller
    from cagbot.notify.notifier import Notifier
    from cagbot.notify.pacer import PaceLimits, Pacer
    from cagbot.notify.retry import RetryPolicy
    from cagbot.store.audience import Audience

# Imported on first use, not with the package: the bot's first reply needs none of the
# dispatcher, feeds or CLI modules (start-up time).
_EXPORTS = {
    "Audience": "cagbot.store.audience",
    "BroadcastError": "cagbot.notify.broadcasts",
    "BroadcastReport": "cagbot.notify.broadcasts",
    "BroadcastService": "cagbot.notify.broadcasts",
    "Dispatcher": "cagbot.notify.dispatcher",
    "FeedPoller": "cagbot.notify.feeds",
    "Notifier": "cagbot.notify.notifier",
    "PaceLimits": "cagbot.notify.pacer",
    "Pacer": "cagbot.notify.pacer",
    "RetryPolicy": "cagbot.notify.retry",
    "broadcast_from_cli": "cagbot.notify.cli",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = [
    "Audience",
    "BroadcastError",
    "BroadcastReport",
    "BroadcastService",
    "Dispatcher",
    "FeedPoller",
    "Notifier",
    "PaceLimits",
    "Pacer",
    "RetryPolicy",
    "broadcast_from_cli",
]
