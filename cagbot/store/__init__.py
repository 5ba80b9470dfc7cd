"""The store layer: all SQL of cagbot lives in this package.

:class:`Store` opens the database, applies migrations and exposes one repository per noun.
"""

from __future__ import annotations

from pathlib import Path

from cagbot.store.database import Database
from cagbot.store.posts import PostStore, UpsertResult
from cagbot.store.subscribers import Subscriber, SubscriberStore


class Store:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.posts = PostStore(db)
        self.subscribers = SubscriberStore(db)

    @classmethod
    async def open(cls, path: Path | str, *, migrate: bool = True) -> Store:
        db = await Database.open(path)
        if migrate:
            await db.migrate()
        return cls(db)

    async def close(self) -> None:
        await self.db.close()


__all__ = ["Database", "PostStore", "Store", "Subscriber", "SubscriberStore", "UpsertResult"]
