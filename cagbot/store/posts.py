"""SQL for posts, their topics and countries, and opportunity details."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from cagbot.models import TEXT_FIELDS, OpportunityDetails, Post, PostDraft, UpsertOutcome, Version
from cagbot.store.database import Database

Merge = Callable[[Post, PostDraft], PostDraft]


@dataclass(frozen=True, slots=True)
class UpsertResult:
    outcome: UpsertOutcome | None  # None when the record failed
    post_id: int | None
    error: str | None = None


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def _parse_moment(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _normal(draft: PostDraft) -> PostDraft:
    """Canonical form, so that comparing drafts ignores tag order and naive datetimes."""
    published = _parse_moment(_iso(draft.published))
    return replace(
        draft,
        topics=tuple(sorted(set(draft.topics))),
        countries=tuple(sorted(set(draft.countries))),
        published=published,
        versions={code: v for code, v in sorted(draft.versions.items()) if code != draft.language},
    )


_SELECT = """
SELECT p.*, o.type AS o_type, o.location AS o_location, o.duration AS o_duration,
       o.deadline AS o_deadline, o.how_to_apply AS o_how_to_apply, o.apply_url AS o_apply_url,
       o.is_open AS o_is_open, o.titles AS o_titles, o.apply_label AS o_apply_label,
       (SELECT group_concat(topic, ',') FROM post_topics t WHERE t.post_id = p.id) AS topic_list,
       (SELECT group_concat(country, ',') FROM post_countries c WHERE c.post_id = p.id)
           AS country_list
FROM posts p LEFT JOIN opportunities o ON o.post_id = p.id
"""


_NONE: dict[str, Version] = {}


def _row_to_post(
    row: sqlite3.Row,
    versions: dict[str, Version] = _NONE,
    translations: dict[str, Version] = _NONE,
) -> Post:
    opportunity = None
    if row["o_type"] is not None:
        opportunity = OpportunityDetails(
            type=row["o_type"],
            location=row["o_location"],
            duration=row["o_duration"],
            deadline=date.fromisoformat(row["o_deadline"]) if row["o_deadline"] else None,
            how_to_apply=row["o_how_to_apply"],
            apply_url=row["o_apply_url"],
            is_open=bool(row["o_is_open"]),
            titles=json.loads(row["o_titles"] or "{}"),
            apply_label=row["o_apply_label"],
        )
    created = _parse_moment(row["created_at"])
    updated = _parse_moment(row["updated_at"])
    assert created is not None
    assert updated is not None
    return Post(
        id=row["id"],
        key=row["key"],
        title=row["title"],
        summary=row["summary"],
        language=row["language"],
        source=row["source"],
        kind=row["kind"],
        url=row["url"],
        guid=row["guid"],
        published=_parse_moment(row["published_at"]),
        topics=tuple(sorted(row["topic_list"].split(","))) if row["topic_list"] else (),
        countries=tuple(sorted(row["country_list"].split(","))) if row["country_list"] else (),
        opportunity=opportunity,
        created_at=created,
        updated_at=updated,
        versions=versions,
        translations=translations,
    )


_POST_COLUMNS = (
    "key", "guid", "url", "title", "summary", "language", "kind", "source", "published_at",
)  # fmt: skip


def _post_values(draft: PostDraft) -> tuple[object, ...]:
    """The ``posts`` row of a draft, in :data:`_POST_COLUMNS` order."""
    return (
        draft.key,
        draft.guid,
        draft.url,
        draft.title,
        draft.summary,
        draft.language,
        draft.kind,
        draft.source,
        _iso(draft.published),
    )


_VERSION_COLUMNS = ", ".join(TEXT_FIELDS)
# Above this many posts, reading whole tables beats a long IN list.
_WHOLE_TABLE = 200


def _version(row: sqlite3.Row, *, machine: bool = False) -> Version:
    return Version(**{name: row[name] for name in TEXT_FIELDS}, machine=machine)


class PostStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading -------------------------------------------------------------------------

    async def _read(self, sql: str, params: Iterable[object] = ()) -> list[Post]:
        """Posts with their human versions and cached machine translations attached."""
        rows = await self.db.fetchall(sql, params)
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        if len(ids) > _WHOLE_TABLE:
            where, args = "", []
        else:
            where, args = f" WHERE post_id IN ({','.join('?' * len(ids))})", ids
        versions: dict[int, dict[str, Version]] = {}
        found = await self.db.fetchall(
            f"SELECT post_id, language, {_VERSION_COLUMNS} FROM post_versions"  # noqa: S608
            + where
            + " ORDER BY post_id, language",
            args,
        )
        for row in found:
            versions.setdefault(row["post_id"], {})[row["language"]] = _version(row)
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
        return [
            _row_to_post(row, versions.get(row["id"], _NONE), translations.get(row["id"], _NONE))
            for row in rows
        ]

    async def get(self, post_id: int) -> Post | None:
        found = await self._read(_SELECT + " WHERE p.id = ?", (post_id,))
        return found[0] if found else None

    async def get_many(self, post_ids: Sequence[int]) -> list[Post]:
        """Posts by id, in the order asked for (missing ids are left out)."""
        if not post_ids:
            return []
        marks = ",".join("?" * len(post_ids))
        posts = await self._read(_SELECT + f" WHERE p.id IN ({marks})", post_ids)
        by_id = {post.id: post for post in posts}
        return [by_id[i] for i in post_ids if i in by_id]

    async def all(self) -> list[Post]:
        return await self._read(_SELECT + " ORDER BY p.id")

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
            _SELECT
            + where
            + " ORDER BY coalesce(p.published_at, p.created_at) DESC, p.id DESC LIMIT ? OFFSET ?"
        )
        return await self._read(sql, [*params, limit, offset])

    async def opportunities(
        self, *, open_on: date | None = None, type: str | None = None
    ) -> list[Post]:
        """Opportunities, soonest deadline first. With ``open_on``, only those still open
        that day: not closed by hand and not past their deadline."""
        conditions, params = ["p.kind = 'opportunity'"], []
        if open_on is not None:
            conditions.append("o.is_open = 1 AND (o.deadline IS NULL OR o.deadline >= ?)")
            params.append(open_on.isoformat())
        if type is not None:
            conditions.append("o.type = ?")
            params.append(type)
        sql = (
            _SELECT
            + " WHERE "
            + " AND ".join(conditions)
            + " ORDER BY o.deadline IS NULL, o.deadline, p.id"
        )
        return await self._read(sql, params)

    async def find(self, draft: PostDraft) -> Post | None:
        """The stored post this draft is a version of: by guid, then url, then key."""
        # One query instead of three: an import calls this once per record.
        found = await self._read(
            _SELECT
            + " WHERE p.guid = ?1 OR p.url = ?2 OR p.key = ?3"
            + " ORDER BY CASE WHEN p.guid = ?1 THEN 0 WHEN p.url = ?2 THEN 1 ELSE 2 END, p.id"
            + " LIMIT 1",
            (draft.guid or None, draft.url or None, draft.key or None),
        )
        return found[0] if found else None

    # -- writing -------------------------------------------------------------------------

    async def upsert(self, draft: PostDraft, merge: Merge | None = None) -> UpsertResult:
        """Insert or update one post atomically."""
        async with self.db.transaction():
            return await self._upsert_one(draft, merge)

    async def upsert_many(
        self, drafts: Iterable[PostDraft], merge: Merge | None = None
    ) -> list[UpsertResult]:
        """Upsert a batch in one transaction; a record that fails is rolled back alone
        (savepoint) and reported, the others are kept."""
        results = []
        async with self.db.transaction():
            for draft in drafts:
                try:
                    async with self.db.savepoint():
                        results.append(await self._upsert_one(draft, merge))
                except sqlite3.Error as error:
                    results.append(UpsertResult(None, None, f"database refused it: {error}"))
        return results

    async def _upsert_one(self, draft: PostDraft, merge: Merge | None) -> UpsertResult:
        existing = await self.find(draft)
        if existing is None:
            post_id = await self._insert(_normal(draft))
            return UpsertResult("added", post_id)
        merged = _normal(merge(existing, draft) if merge else draft)
        if merged == _normal(existing.as_draft()):
            return UpsertResult("unchanged", existing.id)
        await self._update(existing.id, merged)
        return UpsertResult("updated", existing.id)

    async def _insert(self, draft: PostDraft) -> int:
        cursor = await self.db.connection.execute(
            f"""INSERT INTO posts ({", ".join(_POST_COLUMNS)})
                VALUES ({", ".join("?" * len(_POST_COLUMNS))})""",  # noqa: S608 - constants
            _post_values(draft),
        )
        post_id = cursor.lastrowid
        assert post_id is not None
        await self._write_children(post_id, draft)
        return post_id

    async def _update(self, post_id: int, draft: PostDraft) -> None:
        assignments = ", ".join(f"{column} = ?" for column in _POST_COLUMNS)
        await self.db.connection.execute(
            f"""UPDATE posts SET {assignments},
                    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                WHERE id = ?""",  # noqa: S608 - constants
            (*_post_values(draft), post_id),
        )
        for table in ("post_topics", "post_countries", "opportunities", "post_versions"):
            await self.db.connection.execute(
                f"DELETE FROM {table} WHERE post_id = ?",  # noqa: S608
                (post_id,),
            )
        await self._write_children(post_id, draft)

    async def _write_children(self, post_id: int, draft: PostDraft) -> None:
        connection = self.db.connection
        # Skip empty batches: each call is a thread round trip, and imports make many.
        if draft.topics:
            await connection.executemany(
                "INSERT INTO post_topics (post_id, topic) VALUES (?, ?)",
                [(post_id, topic) for topic in draft.topics],
            )
        if draft.countries:
            await connection.executemany(
                "INSERT INTO post_countries (post_id, country) VALUES (?, ?)",
                [(post_id, country) for country in draft.countries],
            )
        details = draft.opportunity
        if details is not None:
            await connection.execute(
                """INSERT INTO opportunities (post_id, type, location, duration, deadline,
                                              how_to_apply, apply_url, is_open, titles,
                                              apply_label)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    post_id,
                    details.type,
                    details.location,
                    details.duration,
                    details.deadline.isoformat() if details.deadline else None,
                    details.how_to_apply,
                    details.apply_url,
                    int(details.is_open),
                    json.dumps(details.titles, ensure_ascii=False, sort_keys=True),
                    details.apply_label,
                ),
            )
        if draft.versions:
            await connection.executemany(
                f"""INSERT INTO post_versions (post_id, language, {_VERSION_COLUMNS})
                    VALUES (?, ?, {", ".join("?" * len(TEXT_FIELDS))})""",  # noqa: S608
                [
                    (post_id, code, *(version.get(name) for name in TEXT_FIELDS))
                    for code, version in draft.versions.items()
                    if code != draft.language
                ],
            )

    async def sync_topics(self, slugs: Sequence[str]) -> None:
        """Make the topics table list exactly the lexicon's topics, in its order."""
        async with self.db.transaction() as connection:
            await connection.execute("DELETE FROM topics")
            await connection.executemany(
                "INSERT INTO topics (slug, position) VALUES (?, ?)",
                [(slug, position) for position, slug in enumerate(slugs)],
            )
