"""SQL for the webhook's inbox: each update Telegram posts is kept from before the 200
until it has been handled, so that a process that dies in between loses none."""

from __future__ import annotations

from cagbot.store.database import Database


class InboxStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def keep(self, update_id: int, body: str) -> None:
        async with self.db.transaction() as connection:
            await connection.execute(
                "INSERT OR IGNORE INTO webhook_inbox (update_id, body) VALUES (?, ?)",
                (update_id, body),
            )

    async def done(self, update_id: int) -> None:
        async with self.db.transaction() as connection:
            await connection.execute("DELETE FROM webhook_inbox WHERE update_id = ?", (update_id,))

    async def unhandled(self) -> list[tuple[int, str]]:
        """(update id, JSON) of the updates a previous process accepted and never handled."""
        rows = await self.db.fetchall(
            "SELECT update_id, body FROM webhook_inbox ORDER BY update_id"
        )
        return [(int(row[0]), str(row[1])) for row in rows]
