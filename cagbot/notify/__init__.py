"""Notifications: new posts and opportunities to subscribers, deadline reminders, digests
and staff broadcasts, all through a durable SQLite outbox drained within Telegram's limits.

A service layer, free of the bot's handlers: :mod:`cagbot.bot.notifications` runs it inside
the bot (dispatcher task, jobs, broadcast follow-up); ``broadcast_from_cli`` is the
``cagbot broadcast`` command.
"""

from __future__ import annotations

from cagbot.notify.broadcasts import BroadcastError, BroadcastReport, BroadcastService
from cagbot.notify.cli import broadcast_from_cli
from cagbot.notify.dispatcher import Dispatcher
from cagbot.notify.feeds import FeedPoller
from cagbot.notify.notifier import Notifier
from cagbot.notify.pacer import PaceLimits, Pacer
from cagbot.notify.retry import RetryPolicy
from cagbot.store.audience import Audience

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
