"""SQL for saved searches (migration 0018): a person's queries, kept as typed, and which
posts each has already told them about.

At most :data:`MAX_PER_CHAT` per chat, checked in the transaction that adds one, so two
quick taps cannot pass the cap together. An alert is written in one transaction with the
``saved_search_hits`` rows that make it happen once: a search deleted or paused meanwhile
gets none, and a chat erased by /forget gets none (its searches are gone, and the outbox
trigger of migration 0012 refuses post deliveries to chats without a subscriber row).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from cagbot.store.database import Database
from cagbot.store.outbox import Outgoing, insert_message
from cagbot.store.search_index import Marks

#: Saved searches one chat may keep.
MAX_PER_CHAT = 10
#: Longest query kept (the bot searches at most this much of a message too).
MAX_QUERY = 200
#: Where the alert rounds stand (notifier_state), so a restart neither repeats nor skips.
MARKS_STATE = "saved_searches:marks"

AddOutcome = Literal["added", "exists", "full"]
RenameOutcome = Literal["renamed", "exists", "missing"]


@dataclass(frozen=True, slots=True)
class SavedSearch:
    id: int
    chat_id: int
    query: str
    paused: bool
    created_at: str


@dataclass(frozen=True, slots=True)
class Watching:
    """A saved search that is on, with what its alert needs of the chat."""

    id: int
    chat_id: int
    query: str
    language: str | None  # chosen
    telegram_language: str | None


@dataclass(frozen=True, slots=True)
class Alert:
    """One message to one chat about one post, for the saved searches that found it."""

    chat_id: int
    post_id: int
    search_ids: tuple[int, ...]
    kind: Literal["post", "opportunity"]
    language: str
    text: Outgoing


_COLUMNS = "id, chat_id, query, paused, created_at"
#: The chat has the post's own announcement (a subscriber), queued or sent: a saved
#: search that finds it records it as told and sends nothing more (params: chat, post).
_ANNOUNCED = """SELECT 1 FROM outbox o JOIN outbox_messages m ON m.id = o.message_id
                WHERE o.chat_id = ? AND m.post_id = ? AND m.kind IN ('post', 'opportunity')
                  AND coalesce(m.dedupe_key, '') NOT LIKE 'saved:%'"""


def _row(row: sqlite3.Row) -> SavedSearch:
    return SavedSearch(
        int(row["id"]), int(row["chat_id"]), str(row["query"]), bool(row["paused"]),
        str(row["created_at"]),
    )  # fmt: skip


class SavedSearchStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, chat_id: int, query: str) -> tuple[AddOutcome, SavedSearch | None]:
        """Save ``query`` for the chat (which must have a subscriber row); the same query
        saved again is ``exists`` (and the search is returned), over the cap ``full``."""
        query = query.strip()[:MAX_QUERY]
        async with self.db.transaction() as connection:
            async with connection.execute(
                f"SELECT {_COLUMNS} FROM saved_searches WHERE chat_id = ? AND query = ?",  # noqa: S608
                (chat_id, query),
            ) as cursor:
                same = await cursor.fetchone()
            if same is not None:
                return "exists", _row(same)
            async with connection.execute(
                "SELECT count(*) FROM saved_searches WHERE chat_id = ?", (chat_id,)
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None and int(row[0]) >= MAX_PER_CHAT:
                return "full", None
            cursor = await connection.execute(
                "INSERT INTO saved_searches (chat_id, query) VALUES (?, ?)", (chat_id, query)
            )
            new_id = cursor.lastrowid
        assert new_id is not None
        return "added", await self.get(chat_id, new_id)

    async def of_chat(self, chat_id: int) -> list[SavedSearch]:
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM saved_searches WHERE chat_id = ? ORDER BY id",  # noqa: S608
            (chat_id,),
        )
        return [_row(row) for row in rows]

    async def get(self, chat_id: int, search_id: int) -> SavedSearch | None:
        """The search, only when it is this chat's (a forged button finds nothing)."""
        row = await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM saved_searches WHERE id = ? AND chat_id = ?",  # noqa: S608
            (search_id, chat_id),
        )
        return _row(row) if row else None

    async def rename(self, chat_id: int, search_id: int, query: str) -> RenameOutcome:
        """A new query for the search. What it already told about stays told: a post the
        old words found is not announced again under the new ones."""
        query = query.strip()[:MAX_QUERY]
        async with self.db.transaction() as connection:
            async with connection.execute(
                "SELECT id FROM saved_searches WHERE chat_id = ? AND query = ?", (chat_id, query)
            ) as cursor:
                same = await cursor.fetchone()
            if same is not None:
                return "renamed" if int(same[0]) == search_id else "exists"
            cursor = await connection.execute(
                "UPDATE saved_searches SET query = ? WHERE id = ? AND chat_id = ?",
                (query, search_id, chat_id),
            )
            return "renamed" if cursor.rowcount > 0 else "missing"

    async def set_paused(self, chat_id: int, search_id: int, paused: bool) -> SavedSearch | None:
        async with self.db.transaction() as connection:
            await connection.execute(
                "UPDATE saved_searches SET paused = ? WHERE id = ? AND chat_id = ?",
                (int(paused), search_id, chat_id),
            )
        return await self.get(chat_id, search_id)

    async def delete(self, chat_id: int, search_id: int) -> bool:
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "DELETE FROM saved_searches WHERE id = ? AND chat_id = ?", (search_id, chat_id)
            )
            return cursor.rowcount > 0

    async def watching(self) -> list[Watching]:
        """Every saved search that is on, of chats still reachable (not blocked)."""
        rows = await self.db.fetchall(
            """SELECT s.id, s.chat_id, s.query, c.language, c.telegram_language
               FROM saved_searches s JOIN subscribers c ON c.chat_id = s.chat_id
               WHERE s.paused = 0 AND c.active = 1 ORDER BY s.id"""
        )
        return [
            Watching(
                int(r["id"]), int(r["chat_id"]), str(r["query"]), r["language"],
                r["telegram_language"],
            )
            for r in rows
        ]  # fmt: skip

    async def told(self, pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        """Of (search id, post id) pairs, those already alerted."""
        wanted = list(dict.fromkeys(pairs))
        found: set[tuple[int, int]] = set()
        for start in range(0, len(wanted), 400):
            chunk = wanted[start : start + 400]
            values = ",".join("(?, ?)" for _ in chunk)
            rows = await self.db.fetchall(
                f"""WITH w (s, p) AS (VALUES {values})
                    SELECT h.search_id, h.post_id FROM saved_search_hits h
                    JOIN w ON h.search_id = w.s AND h.post_id = w.p""",  # noqa: S608
                [value for pair in chunk for value in pair],
            )
            found.update((int(r[0]), int(r[1])) for r in rows)
        return found

    async def deliver(self, alerts: Sequence[Alert]) -> int:
        """Queue ``alerts`` and record them as told, atomically; an alert none of whose
        searches is still on (deleted, paused, erased) or new to this post is dropped, and
        so is one whose post the chat is getting as a subscriber anyway (one message per
        post; the announcement in turn skips chats an alert went to,
        :data:`cagbot.store.announcements.NOT_ALERTED`). Returns the outbox rows written."""
        queued = 0
        async with self.db.transaction() as connection:
            for alert in alerts:
                async with connection.execute(_ANNOUNCED, (alert.chat_id, alert.post_id)) as cursor:
                    announced = await cursor.fetchone() is not None
                fresh = 0
                for search_id in alert.search_ids:
                    cursor = await connection.execute(
                        """INSERT OR IGNORE INTO saved_search_hits (search_id, post_id)
                           SELECT s.id, ? FROM saved_searches s
                           JOIN subscribers c ON c.chat_id = s.chat_id
                           WHERE s.id = ? AND s.chat_id = ? AND s.paused = 0
                             AND c.active = 1""",
                        (alert.post_id, search_id, alert.chat_id),
                    )
                    fresh += max(cursor.rowcount, 0)
                if not fresh or announced:
                    continue  # told already, or the post's announcement is on its way
                message_id = await insert_message(
                    connection,
                    kind=alert.kind,
                    text=alert.text,
                    parse_mode="HTML",
                    language=alert.language,
                    dedupe_key=f"saved:{alert.chat_id}:{alert.post_id}:"
                    + ",".join(map(str, alert.search_ids)),
                    post_id=alert.post_id,
                )
                cursor = await connection.execute(
                    "INSERT OR IGNORE INTO outbox (message_id, chat_id, priority, not_before) "
                    "VALUES (?, ?, 0, ?)",
                    (message_id, alert.chat_id, time.time()),
                )
                queued += max(cursor.rowcount, 0)
        return queued

    # -- where the rounds stand ------------------------------------------------------------

    async def news_since(self, marks: Marks) -> list[int]:
        """Posts written after ``marks.posts`` and posts with a machine translation made
        after ``marks.translations``. Strictly after, unlike the search index's catch-up
        (which takes a tie at the mark again, harmlessly): here the newest post of the last
        round would be news again in every round. A write in the very millisecond the last
        round read its marks is the price (the index's catch-up still takes it in)."""
        rows = await self.db.fetchall(
            "SELECT id FROM posts WHERE updated_at > ? ORDER BY id", (marks.posts,)
        )
        news = {int(row["id"]) for row in rows}
        newest = await self.db.fetchone("SELECT coalesce(max(created_at), '') FROM translations")
        if newest is not None and str(newest[0]) > marks.translations:
            rows = await self.db.fetchall(
                """SELECT p.id FROM posts p WHERE EXISTS (
                       SELECT 1 FROM translations t
                       WHERE t.source_language = p.language
                         AND t.source_text IN (p.title, p.summary) AND t.created_at > ?)""",
                (marks.translations,),
            )
            news.update(int(row["id"]) for row in rows)
        return sorted(news)

    async def marks(self) -> Marks | None:
        row = await self.db.fetchone(
            "SELECT value FROM notifier_state WHERE name = ?", (MARKS_STATE,)
        )
        if row is None:
            return None
        stored = json.loads(str(row[0]))
        return Marks(str(stored["posts"]), str(stored["translations"]))

    async def set_marks(self, marks: Marks) -> None:
        value = json.dumps({"posts": marks.posts, "translations": marks.translations})
        async with self.db.transaction() as connection:
            await connection.execute(
                "INSERT INTO notifier_state (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (MARKS_STATE, value),
            )
