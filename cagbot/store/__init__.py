"""The store layer: all SQL of cagbot lives in this package.

:class:`Store` opens the database, applies migrations and exposes one repository per noun.
"""

from __future__ import annotations

from pathlib import Path

from cagbot.store.audience import AudienceStore
from cagbot.store.database import Database
from cagbot.store.feed_state import FeedStateStore
from cagbot.store.outbox import OutboxStore
from cagbot.store.posts import PostStore, UpsertResult
from cagbot.store.privacy import PrivacyStore
from cagbot.store.reminders import DigestStore, ReminderStore
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
        # A person's own data: /mydata and /forget.
        self.privacy = PrivacyStore(db)

    @classmethod
    async def open(cls, path: Path | str, *, migrate: bool = True) -> Store:
        db = await Database.open(path)
        if migrate:
            await db.migrate()
        return cls(db)

    async def close(self) -> None:
        await self.db.close()


__all__ = ["Database", "PostStore", "Store", "Subscriber", "SubscriberStore", "UpsertResult"]
