"""Announcing new posts: fanning a post out to the matching chats (or their digests),
the posts still to announce or skip, and the notifier's small named state."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from cagbot.store.audience import EFFECTIVE_LANGUAGE, Selection
from cagbot.store.database import Database
from cagbot.store.queue import MessageKind, Outgoing, enqueue_selection, insert_message

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
#: A chat a saved search already notified of the post (params: post id) gets no second
#: announcement of it: the saved search's names what it was looking for (issue 25).
NOT_ALERTED = """AND NOT EXISTS (SELECT 1 FROM saved_search_hits h
                    JOIN saved_searches x ON x.id = h.search_id
                    WHERE x.chat_id = s.chat_id AND h.post_id = ?)"""


@dataclass(slots=True)
class FanOut:
    """Rows a fan-out wrote: outbox rows per language and digest items."""

    instant: dict[str, int] = field(default_factory=dict)
    digest: int = 0

    @property
    def total(self) -> int:
        return sum(self.instant.values()) + self.digest


class AnnouncementSide:
    """The post side of the outbox: a new post goes out once, as it is announced."""

    db: Database

    async def fan_out_post(
        self,
        post_id: int,
        kind: MessageKind,
        texts: Mapping[str, Outgoing],
        selection: Selection,
        default_language: str,
    ) -> FanOut:
        """Queue a new post for the matching chats and mark it announced, atomically.

        ``texts`` holds the rendered text per effective language; 'instant' chats get an
        outbox row, digest chats a digest item. Running it twice queues nothing twice.
        """
        result = FanOut()
        async with self.db.transaction() as connection:
            for language, text in texts.items():
                message_id = await insert_message(
                    connection,
                    kind=kind,
                    text=text,
                    parse_mode="HTML",
                    language=language,
                    dedupe_key=f"{kind}:{post_id}:{language}",
                    post_id=post_id,
                )
                inserted = await enqueue_selection(
                    connection,
                    message_id,
                    selection,
                    extra_where=f"AND s.frequency = 'instant' AND {EFFECTIVE_LANGUAGE} = ? "
                    + NOT_ALERTED,
                    extra_params=(default_language, language, post_id),
                )
                if inserted:
                    result.instant[language] = inserted
            cursor = await connection.execute(
                "INSERT OR IGNORE INTO digest_items (chat_id, post_id) "  # noqa: S608
                f"SELECT s.chat_id, ? FROM subscribers s WHERE ({selection.where}) "
                "AND s.frequency != 'instant'",
                (post_id, *selection.params),
            )
            result.digest = max(cursor.rowcount, 0)
            await connection.execute(
                f"UPDATE post_notifications SET status = 'done', done_at = {_NOW} "  # noqa: S608
                "WHERE post_id = ?",
                (post_id,),
            )
        return result

    # -- posts awaiting announcement ------------------------------------------------------

    async def new_posts(self) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT post_id FROM post_notifications WHERE status = 'new' ORDER BY post_id"
        )
        return [int(row[0]) for row in rows]

    async def skip_posts(self, post_ids: Collection[int] | None = None) -> int:
        """Mark posts as backlog never to announce (all 'new' ones when ``post_ids`` is None)."""
        async with self.db.transaction() as connection:
            if post_ids is None:
                cursor = await connection.execute(
                    f"UPDATE post_notifications SET status = 'skipped', done_at = {_NOW} "  # noqa: S608
                    "WHERE status = 'new'"
                )
                return max(cursor.rowcount, 0)
            before = connection.total_changes
            await connection.executemany(
                f"UPDATE post_notifications SET status = 'skipped', done_at = {_NOW} "  # noqa: S608
                "WHERE status = 'new' AND post_id = ?",
                [(post_id,) for post_id in post_ids],
            )
            return connection.total_changes - before

    async def get_state(self, name: str) -> str | None:
        row = await self.db.fetchone("SELECT value FROM notifier_state WHERE name = ?", (name,))
        return str(row[0]) if row else None

    async def set_state(self, name: str, value: str) -> None:
        async with self.db.transaction() as connection:
            await connection.execute(
                "INSERT INTO notifier_state (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )
