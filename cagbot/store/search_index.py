"""SQL for the search index snapshot: one row, replaced whole (migrations 0007, 0010).

A snapshot is valid for its ``fingerprint`` (index format and lexicon) and covers the
content up to its :class:`Marks`; whatever changed since is read back with
:meth:`SearchIndexStore.changed_since` and applied, so a change costs what it touched,
not a rebuild of every post.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from cagbot.store.database import Database


@dataclass(frozen=True, slots=True)
class Marks:
    """How far content reached: the newest ``posts.updated_at`` and the newest
    ``translations.created_at`` ('' for none). Timestamps are ISO text, so they order."""

    posts: str = ""
    translations: str = ""


@dataclass(frozen=True, slots=True)
class Snapshot:
    data: bytes
    marks: Marks


class SearchIndexStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def marks(self) -> Marks:
        """Where content stands now (read *before* reading the content a snapshot holds,
        so nothing written in between is taken as covered)."""
        row = await self.db.fetchone(
            "SELECT (SELECT coalesce(max(updated_at), '') FROM posts) AS posts,"
            " (SELECT coalesce(max(created_at), '') FROM translations) AS translations"
        )
        assert row is not None
        return Marks(row["posts"], row["translations"])

    async def changed_since(self, marks: Marks) -> list[int]:
        """Posts written at or after ``marks.posts`` (a tie at the mark is taken again:
        cheap, and a write in the mark's own millisecond is not missed), and, once a
        newer machine translation exists, posts with one made at or after the mark."""
        now = await self.marks()
        rows = await self.db.fetchall(
            "SELECT id FROM posts WHERE updated_at >= ? ORDER BY id", (marks.posts,)
        )
        changed = {int(row["id"]) for row in rows}
        if now.translations > marks.translations:
            # Looked up per post through the translations' primary key (source language,
            # source text), so this is one pass over posts, and only when some are new.
            rows = await self.db.fetchall(
                """SELECT p.id FROM posts p WHERE EXISTS (
                       SELECT 1 FROM translations t
                       WHERE t.source_language = p.language
                         AND t.source_text IN (p.title, p.summary) AND t.created_at >= ?)""",
                (marks.translations,),
            )
            changed.update(int(row["id"]) for row in rows)
        return sorted(changed)

    async def post_ids(self) -> set[int]:
        """Every post's id (what a snapshot's removed posts are found against)."""
        rows = await self.db.fetchall("SELECT id FROM posts")
        # 100k rows: built in a thread, the loop gets the GIL back every switch interval.
        return await asyncio.to_thread(lambda: {int(row[0]) for row in rows})

    async def load(self, fingerprint: str) -> Snapshot | None:
        row = await self.db.fetchone(
            "SELECT data, posts_mark, translations_mark FROM search_index"
            " WHERE id = 1 AND fingerprint = ?",
            (fingerprint,),
        )
        if row is None:
            return None
        data = row["data"]  # sqlite3 gives bytes: no copy of tens of megabytes on the loop
        if not isinstance(data, bytes):
            data = bytes(data)
        return Snapshot(data, Marks(row["posts_mark"], row["translations_mark"]))

    async def save(self, fingerprint: str, data: bytes, marks: Marks) -> None:
        async with self.db.transaction() as connection:
            await connection.execute(
                "INSERT INTO search_index (id, fingerprint, data, posts_mark, translations_mark)"
                " VALUES (1, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint,"
                " data = excluded.data, posts_mark = excluded.posts_mark,"
                " translations_mark = excluded.translations_mark,"
                " created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                (fingerprint, data, marks.posts, marks.translations),
            )
