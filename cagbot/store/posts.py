"""SQL for posts, their topics and countries, and opportunity details: reading and writing
them. How one post is a ``posts`` row and back is :mod:`.post_rows`; writing many at once,
:mod:`.post_batches`."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from cagbot.models import (
    OPEN_CALL_MAX_AGE_DAYS,
    Post,
    PostDraft,
    UpsertOutcome,
    Version,
)
from cagbot.store.database import Database, is_storage_error
from cagbot.store.post_batches import upsert_batch, write_children
from cagbot.store.post_rows import (
    NO_VERSIONS,
    POST_COLUMNS,
    SELECT_POSTS,
    VERSION_COLUMNS,
    normal,
    post_values,
    row_to_post,
    version_of,
)

Merge = Callable[[Post, PostDraft], PostDraft]
# Whether a draft is a version of a stored post the store found by guid, URL or a title
# (cagbot.content.identity.same_post); without one, any such find is taken.
Same = Callable[[Post, PostDraft], bool]


@dataclass(frozen=True, slots=True)
class UpsertResult:
    outcome: UpsertOutcome | None  # None when the record failed
    post_id: int | None
    error: str | None = None


# Reads of this many rows or more are turned into posts off the event loop.
_CONVERT_OFF_LOOP = 200
# Above this many posts, reading whole tables beats a long IN list.
_WHOLE_TABLE = 200


class PostStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading -------------------------------------------------------------------------

    async def _read(
        self, sql: str, params: Iterable[object] = (), *, whole_tables: bool = True
    ) -> list[Post]:
        """Posts with their human versions and cached machine translations attached
        (``whole_tables``: read those tables whole for many posts, rather than by id)."""
        rows = await self.db.fetchall(sql, params)
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        if whole_tables and len(ids) > _WHOLE_TABLE:
            where, args = "", []
        else:
            where, args = f" WHERE post_id IN ({','.join('?' * len(ids))})", ids
        versions: dict[int, dict[str, Version]] = {}
        found = await self.db.fetchall(
            f"SELECT post_id, language, {VERSION_COLUMNS} FROM post_versions"  # noqa: S608
            + where
            + " ORDER BY post_id, language",
            args,
        )
        for row in found:
            versions.setdefault(row["post_id"], {})[row["language"]] = version_of(row)
        machine: dict[int, dict[str, dict[str, str]]] = {}
        machine_sql = (
            """SELECT p.id AS post_id, tr.target_language, tr.text,
                      CASE WHEN tr.source_text = p.title THEN 'title' ELSE 'summary' END AS field
               FROM posts p JOIN translations tr
                 ON tr.source_language = p.language AND tr.source_text IN (p.title, p.summary)"""  # noqa: S608
            + where.replace("post_id", "p.id")
        )
        for row in await self.db.fetchall(machine_sql, args):
            fields = machine.setdefault(row["post_id"], {}).setdefault(row["target_language"], {})
            fields[row["field"]] = row["text"]
        translations = {
            post_id: {
                code: Version(title=f.get("title"), summary=f.get("summary"), machine=True)
                for code, f in by_language.items()
            }
            for post_id, by_language in machine.items()
        }

        def convert() -> list[Post]:
            return [
                row_to_post(
                    row,
                    versions.get(row["id"], NO_VERSIONS),
                    translations.get(row["id"], NO_VERSIONS),
                )
                for row in rows
            ]

        if len(rows) < _CONVERT_OFF_LOOP:
            return convert()
        # Thousands of rows take tens of milliseconds of Python: in a thread, the event loop
        # gets the GIL back every switch interval (the search index loads this way).
        return await asyncio.to_thread(convert)

    async def get(self, post_id: int) -> Post | None:
        found = await self._read(SELECT_POSTS + " WHERE p.id = ?", (post_id,))
        return found[0] if found else None

    async def get_many(self, post_ids: Sequence[int]) -> list[Post]:
        """Posts by id, in the order asked for (missing ids are left out)."""
        if not post_ids:
            return []
        marks = ",".join("?" * len(post_ids))
        posts = await self._read(SELECT_POSTS + f" WHERE p.id IN ({marks})", post_ids)
        by_id = {post.id: post for post in posts}
        return [by_id[i] for i in post_ids if i in by_id]

    async def read_ids(self, post_ids: Sequence[int]) -> list[Post]:
        """Posts by id, in no particular order; their versions are read by id too (for an
        import's batch among many posts)."""
        marks = ",".join("?" * len(post_ids))
        return await self._read(
            SELECT_POSTS + f" WHERE p.id IN ({marks})", post_ids, whole_tables=False
        )

    async def all(self) -> list[Post]:
        return await self._read(SELECT_POSTS + " ORDER BY p.id")

    async def after(self, post_id: int, limit: int) -> list[Post]:
        """The next ``limit`` posts by id after ``post_id``: a page of a full scan that
        never holds the whole table in memory (the search index loads this way)."""
        return await self._read(
            SELECT_POSTS + " WHERE p.id > ? ORDER BY p.id LIMIT ?", (post_id, limit)
        )

    async def count(self, *, kind: str | None = None) -> int:
        if kind is None:
            row = await self.db.fetchone("SELECT count(*) FROM posts")
        else:
            row = await self.db.fetchone("SELECT count(*) FROM posts WHERE kind = ?", (kind,))
        return int(row[0]) if row else 0

    async def latest(
        self, *, limit: int, offset: int = 0, languages: Iterable[str] | None = None
    ) -> list[Post]:
        """Newest first: by publication date, then by import order."""
        where, params = "", []
        if languages is not None:
            langs = list(languages)
            where = f" WHERE p.language IN ({','.join('?' * len(langs))})"
            params.extend(langs)
        sql = (
            SELECT_POSTS
            + where
            + " ORDER BY coalesce(p.published_at, p.created_at) DESC, p.id DESC LIMIT ? OFFSET ?"
        )
        return await self._read(sql, [*params, limit, offset])

    async def opportunities(
        self,
        *,
        open_on: date | None = None,
        type: str | None = None,
        max_age_days: int = OPEN_CALL_MAX_AGE_DAYS,
        status: Literal["open", "unknown"] = "open",
    ) -> list[Post]:
        """Opportunities, soonest deadline first. With ``open_on``, only those of ``status``
        that day (:meth:`Post.call_status`, in SQL): open ones are not closed by hand, not
        past their deadline, and state a deadline, are curated (they carry titles) or were
        published within ``max_age_days``; unknown ones are none of these and undated."""
        conditions, params = ["p.kind = 'opportunity'"], []
        if open_on is not None and status == "open":
            conditions.append(
                "o.is_open = 1 AND (o.deadline >= ? OR (o.deadline IS NULL AND"
                " (o.titles != '{}' OR substr(p.published_at, 1, 10) >= ?)))"
            )
            params += [open_on.isoformat(), (open_on - timedelta(days=max_age_days)).isoformat()]
        elif open_on is not None:
            conditions.append(
                "o.is_open = 1 AND o.deadline IS NULL AND o.titles = '{}'"
                " AND p.published_at IS NULL"
            )
        if type is not None:
            conditions.append("o.type = ?")
            params.append(type)
        sql = (
            SELECT_POSTS
            + " WHERE "
            + " AND ".join(conditions)
            + " ORDER BY o.deadline IS NULL, o.deadline, p.id"
        )
        return await self._read(sql, params)

    async def find(self, draft: PostDraft, same: Same | None = None) -> Post | None:
        """The stored post this draft is a version of: by guid, then url, then any title
        it has had; ``same`` has the last word on each candidate."""
        # Two indexed look-ups (an OR with the title sub-select would scan the table).
        if draft.guid or draft.url:
            for post in await self._read(
                SELECT_POSTS
                + " WHERE p.guid = ?1 OR p.url = ?2"
                + " ORDER BY CASE WHEN p.guid = ?1 THEN 0 ELSE 1 END, p.id LIMIT 20",
                (draft.guid or None, draft.url or None),
            ):
                if same is None or same(post, draft):
                    return post
        if not draft.key:
            return None
        for post in await self._read(
            SELECT_POSTS  # noqa: S608 - constants
            + " WHERE p.id IN (SELECT post_id FROM post_titles WHERE key = ?) ORDER BY p.id"
            + " LIMIT 20",
            (draft.key,),
        ):
            if same is None or same(post, draft):
                return post
        return None

    # -- writing -------------------------------------------------------------------------

    async def upsert(
        self, draft: PostDraft, merge: Merge | None = None, same: Same | None = None
    ) -> UpsertResult:
        """Insert or update one post atomically."""
        async with self.db.transaction():
            return await self._upsert_one(draft, merge, same)

    async def upsert_many(
        self, drafts: Iterable[PostDraft], merge: Merge | None = None, same: Same | None = None
    ) -> list[UpsertResult]:
        """Upsert a batch in one transaction; a record that fails is rolled back alone
        (savepoint) and reported, the others are kept."""
        batch = list(drafts)
        async with self.db.transaction():
            try:
                async with self.db.savepoint("batch"):
                    return await upsert_batch(self, batch, merge, same)
            except sqlite3.Error:
                pass  # one record is refused: find it, keep the others
            results = []
            for draft in batch:
                try:
                    async with self.db.savepoint():
                        results.append(await self._upsert_one(draft, merge, same))
                except sqlite3.Error as error:
                    if is_storage_error(error):
                        raise  # the disk, not the record: the whole batch is rolled back
                    results.append(UpsertResult(None, None, f"database refused it: {error}"))
        return results

    async def _upsert_one(
        self, draft: PostDraft, merge: Merge | None, same: Same | None
    ) -> UpsertResult:
        existing = await self.find(draft, same)
        if existing is None:
            post_id = await self._insert(
                normal(replace(draft, key=await self.free_key(draft, set())))
            )
            await self.remember_titles(post_id, draft)
            return UpsertResult("added", post_id)
        # The stored key names the post; a new headline is remembered, not a new identity.
        merged = normal(replace(merge(existing, draft) if merge else draft, key=existing.key))
        if merged == normal(existing.as_draft()):
            return UpsertResult("unchanged", existing.id)
        await self.update(existing.id, merged)
        await self.remember_titles(existing.id, draft)
        return UpsertResult("updated", existing.id)

    async def free_key(self, draft: PostDraft, taken: set[str]) -> str:
        """``draft.key``, or (when another post already has that title, or ``taken`` holds
        it) the key with the publication date or a number, so that a second "Annual
        meeting" is a post of its own."""
        key, suffix = draft.key, draft.published.date().isoformat() if draft.published else ""
        candidates = [key, f"{key} {suffix}".strip(), *(f"{key} #{n}" for n in range(2, 1000))]
        for candidate in candidates:
            if candidate in taken:
                continue
            if await self.db.fetchone("SELECT 1 FROM posts WHERE key = ?", (candidate,)) is None:
                return candidate
        raise sqlite3.IntegrityError(f"no free key for {key!r}")

    async def remember_titles(self, post_id: int, draft: PostDraft) -> None:
        """Every headline seen stays: the draft's key is its title's dedupe key."""
        await self.db.connection.execute(
            "INSERT OR IGNORE INTO post_titles (post_id, key, title) VALUES (?, ?, ?)",
            (post_id, draft.key, draft.title),
        )

    async def _insert(self, draft: PostDraft) -> int:
        cursor = await self.db.connection.execute(
            f"""INSERT INTO posts ({", ".join(POST_COLUMNS)})
                VALUES ({", ".join("?" * len(POST_COLUMNS))})""",  # noqa: S608 - constants
            post_values(draft),
        )
        post_id = cursor.lastrowid
        assert post_id is not None
        await self._write_children(post_id, draft)
        return post_id

    async def update(self, post_id: int, draft: PostDraft) -> None:
        assignments = ", ".join(f"{column} = ?" for column in POST_COLUMNS)
        await self.db.connection.execute(
            f"""UPDATE posts SET {assignments},
                    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                WHERE id = ?""",  # noqa: S608 - constants
            (*post_values(draft), post_id),
        )
        for table in ("post_topics", "post_countries", "opportunities", "post_versions"):
            await self.db.connection.execute(
                f"DELETE FROM {table} WHERE post_id = ?",  # noqa: S608
                (post_id,),
            )
        await self._write_children(post_id, draft)

    async def _write_children(self, post_id: int, draft: PostDraft) -> None:
        await write_children(self, [(post_id, draft)])

    async def sync_topics(self, slugs: Sequence[str]) -> None:
        """Make the topics table list exactly the lexicon's topics, in its order."""
        async with self.db.transaction() as connection:
            await connection.execute("DELETE FROM topics")
            await connection.executemany(
                "INSERT INTO topics (slug, position) VALUES (?, ?)",
                [(slug, position) for position, slug in enumerate(slugs)],
            )
