"""The store layer: all SQL of cagbot lives in this package.

:class:`Store` opens the database, applies migrations and exposes one repository per noun.
"""

from __future__ import annotations

from pathlib import Path

from cagbot.store import upgrade
from cagbot.store.audience import AudienceStore
from cagbot.store.audit import AuditStore
from cagbot.store.calls import CallStore
from cagbot.store.channels import ChannelStore
from cagbot.store.database import Database, DatabaseProblem
from cagbot.store.feed_state import FeedStateStore
from cagbot.store.figures import FiguresStore
from cagbot.store.heartbeat import HeartbeatStore
from cagbot.store.inbox import InboxStore
from cagbot.store.monitoring import MonitoringStore
from cagbot.store.outbox import OutboxStore
from cagbot.store.polls import PollStore
from cagbot.store.posts import PostStore, UpsertResult
from cagbot.store.privacy import PrivacyStore
from cagbot.store.questions import QuestionStore
from cagbot.store.quiet_hours import QuietHoursStore
from cagbot.store.reminders import DigestStore, ReminderStore
from cagbot.store.saved_searches import SavedSearchStore
from cagbot.store.schedules import ScheduleStore
from cagbot.store.search_index import SearchIndexStore
from cagbot.store.send_window import SendWindowStore
from cagbot.store.subscribers import Subscriber, SubscriberStore
from cagbot.store.translations import TranslationStore


class Store:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.posts = PostStore(db)
        self.subscribers = SubscriberStore(db)
        self.translations = TranslationStore(db)  # machine translations (optional)
        # Notifications: the outbox, who gets what, reminders, digests, feed polling state.
        self.outbox = OutboxStore(db)
        self.audience = AudienceStore(db)
        self.reminders = ReminderStore(db)
        self.digests = DigestStore(db)
        self.feeds = FeedStateStore(db)
        # Broadcasts planned for later or awaiting approval; pause/resume/cancel.
        self.schedules = ScheduleStore(db)
        # Aggregates for funders, without personal data.
        self.figures = FiguresStore(db)
        # Calls made in Telegram, and the audit of what staff and editors change.
        self.calls = CallStore(db)
        self.audit = AuditStore(db)
        # Channels and forum topics that get new posts.
        self.channels = ChannelStore(db)
        # A person's own data: /mydata and /forget.
        self.privacy = PrivacyStore(db)
        # The running bot's heartbeat, for `cagbot health`.
        self.heartbeat = HeartbeatStore(db)
        # Read-only figures for /metrics (issue 23).
        self.monitoring = MonitoringStore(db)
        # The search index snapshot (cagbot search; issue 14).
        self.search_index = SearchIndexStore(db)
        # Webhook updates accepted and not yet handled (replayed after a crash).
        self.inbox = InboxStore(db)
        # Telegram's overall send limit, shared by every process that sends (issue 28).
        self.send_window = SendWindowStore(db)
        # Ask CAG: questions routed to staff and back, times only (issue 26).
        self.questions = QuestionStore(db)
        # Saved searches and the posts they already told about (issue 25).
        self.saved_searches = SavedSearchStore(db)
        # Quick polls: the totals Telegram reports per poll a broadcast sent (issue 26).
        self.polls = PollStore(db)
        # Each chat's quiet hours and the rows held for its night (issue 25).
        self.quiet_hours = QuietHoursStore(db)

    @classmethod
    async def open(
        cls, path: Path | str, *, migrate: bool = True, create: bool = True, backup: bool = False
    ) -> Store:
        """Open the database. With ``migrate`` (tests, ``run``, ``import``, the demo) bring
        its schema up to date under the migration lock (``backup``: copy it beside itself
        first, see :mod:`cagbot.store.upgrade`); without, refuse any schema but this
        cagbot's (:class:`DatabaseProblem`: "run `cagbot migrate`"). Without ``create`` a
        missing file is refused rather than created."""
        db = await Database.open(path, create=create)
        try:
            if not migrate:
                await db.check_schema()
            elif str(path) == ":memory:":
                await db.migrate()
            else:
                await upgrade.migrate(db, backup=backup)
        except BaseException:
            await db.close()  # an open connection's thread would keep the process alive
            raise
        return cls(db)

    async def close(self) -> None:
        await self.db.close()


__all__ = [
    "Database",
    "DatabaseProblem",
    "PostStore",
    "Store",
    "Subscriber",
    "SubscriberStore",
    "UpsertResult",
]
