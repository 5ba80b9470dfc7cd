"""SQL for the search index snapshot: one row, replaced whole (see migration 0003_search_index)."""

from __future__ import annotations

from cagbot.store.database import Database


class SearchIndexStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def posts_fingerprint(self) -> str:
        """What changes whenever a post is added, updated or deleted."""
        row = await self.db.fetchone(
            "SELECT count(*) AS n, max(id) AS newest, max(updated_at) AS touched FROM posts"
        )
        assert row is not None
        return f"{row['n']}:{row['newest']}:{row['touched']}"

    async def load(self, fingerprint: str) -> bytes | None:
        row = await self.db.fetchone(
            "SELECT data FROM search_index WHERE id = 1 AND fingerprint = ?", (fingerprint,)
        )
        return bytes(row["data"]) if row is not None else None

    async def save(self, fingerprint: str, data: bytes) -> None:
        async with self.db.transaction() as connection:
            await connection.execute(
                "INSERT INTO search_index (id, fingerprint, data) VALUES (1, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint,"
                " data = excluded.data, created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                (fingerprint, data),
            )
