"""SQL for feed polling: conditional-GET validators and back-off per feed URL."""

from __future__ import annotations

from dataclasses import dataclass

from cagbot.store.database import Database

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True, slots=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll_at: float = 0.0
    last_error: str | None = None
    last_success_at: str | None = None

    @property
    def ever_fetched(self) -> bool:
        return self.last_success_at is not None


class FeedStateStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, url: str) -> FeedState:
        row = await self.db.fetchone("SELECT * FROM feed_state WHERE url = ?", (url,))
        if row is None:
            return FeedState(url)
        return FeedState(
            url=url,
            etag=row["etag"],
            last_modified=row["last_modified"],
            failures=int(row["failures"]),
            next_poll_at=float(row["next_poll_at"]),
            last_error=row["last_error"],
            last_success_at=row["last_success_at"],
        )

    async def succeeded(
        self, url: str, *, etag: str | None, last_modified: str | None, next_poll_at: float
    ) -> None:
        async with self.db.transaction() as connection:
            await connection.execute(
                f"""INSERT INTO feed_state (url, etag, last_modified, failures, next_poll_at,
                                            last_error, last_polled_at, last_success_at)
                    VALUES (?, ?, ?, 0, ?, NULL, {_NOW}, {_NOW})
                    ON CONFLICT (url) DO UPDATE SET
                        etag = coalesce(excluded.etag, feed_state.etag),
                        last_modified = coalesce(excluded.last_modified,
                                                 feed_state.last_modified),
                        failures = 0, next_poll_at = excluded.next_poll_at, last_error = NULL,
                        last_polled_at = excluded.last_polled_at,
                        last_success_at = excluded.last_success_at""",  # noqa: S608
                (url, etag, last_modified, next_poll_at),
            )

    async def failed(self, url: str, *, error: str, next_poll_at: float) -> int:
        """Count one more consecutive failure; returns the new count."""
        async with self.db.transaction() as connection:
            await connection.execute(
                f"""INSERT INTO feed_state (url, failures, next_poll_at, last_error,
                                            last_polled_at)
                    VALUES (?, 1, ?, ?, {_NOW})
                    ON CONFLICT (url) DO UPDATE SET
                        failures = feed_state.failures + 1,
                        next_poll_at = excluded.next_poll_at, last_error = excluded.last_error,
                        last_polled_at = excluded.last_polled_at""",  # noqa: S608
                (url, next_poll_at, error),
            )
        state = await self.get(url)
        return state.failures
