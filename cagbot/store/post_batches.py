"""Upserting a batch of posts with a handful of statements instead of a dozen per post.

The result is the one :meth:`PostStore.upsert` would give draft by draft, in order: the
stored posts a batch may be a version of are read in three queries (by guid or URL, by
title key, then the posts themselves), new posts are inserted together at the end of a
*run*, and updates are written as they are met. A run ends before a draft that could be
the same post as an earlier one of the run (a shared guid, URL or key) or whose stored
candidates an earlier draft of the run has just changed: the next run reads the store
again and so sees what the earlier drafts wrote. Runs are rarely cut in a real import.

Why: a thread round trip per statement (aiosqlite) cost most of an import's time; 100,000
posts made about 1.2 million of them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cagbot.models import TEXT_FIELDS, Post, PostDraft
from cagbot.store.post_rows import POST_COLUMNS, normal, post_values

if TYPE_CHECKING:
    from cagbot.store.posts import Merge, PostStore, Same, UpsertResult

#: Candidates looked at per draft and per kind of match, as :meth:`PostStore.find` does.
_CANDIDATES = 20


def _marks(draft: PostDraft) -> set[tuple[str, str]]:
    marks = {("k", draft.key)}
    if draft.guid:
        marks.add(("g", draft.guid))
    if draft.url:
        marks.add(("u", draft.url))
    return marks


def _independent_prefix(drafts: Sequence[PostDraft]) -> int:
    """How many drafts from the start share no guid, URL or key with an earlier one."""
    seen: set[tuple[str, str]] = set()
    for count, draft in enumerate(drafts):
        marks = _marks(draft)
        if marks & seen:
            return count
        seen |= marks
    return len(drafts)


def _marks_sql(column: str, count: int) -> str:
    return f"{column} IN ({','.join('?' * count)})"


async def _candidates(posts: PostStore, run: Sequence[PostDraft]) -> list[list[Post]]:
    """Per draft, the stored posts :meth:`PostStore.find` would try, in its order."""
    db = posts.db
    guids = sorted({d.guid for d in run if d.guid})
    urls = sorted({d.url for d in run if d.url})
    keys = sorted({d.key for d in run if d.key})
    ids: set[int] = set()
    if guids:
        rows = await db.fetchall(
            "SELECT id FROM posts WHERE " + _marks_sql("guid", len(guids)),  # noqa: S608
            guids,
        )
        ids.update(int(row[0]) for row in rows)
    if urls:
        rows = await db.fetchall(
            "SELECT id FROM posts WHERE " + _marks_sql("url", len(urls)),  # noqa: S608
            urls,
        )
        ids.update(int(row[0]) for row in rows)
    by_key: dict[str, list[int]] = {}
    if keys:
        rows = await db.fetchall(
            "SELECT key, post_id FROM post_titles WHERE "  # noqa: S608
            + _marks_sql("key", len(keys))
            + " ORDER BY post_id",
            keys,
        )
        for row in rows:
            by_key.setdefault(str(row[0]), []).append(int(row[1]))
            ids.add(int(row[1]))
    found = {post.id: post for post in await posts.read_ids(sorted(ids))} if ids else {}
    by_guid: dict[str, list[Post]] = {}
    by_url: dict[str, list[Post]] = {}
    for post in sorted(found.values(), key=lambda p: p.id):
        if post.guid:
            by_guid.setdefault(post.guid, []).append(post)
        if post.url:
            by_url.setdefault(post.url, []).append(post)
    answer = []
    for draft in run:
        direct: dict[int, Post] = {}
        for post in by_guid.get(draft.guid or "", []):
            direct.setdefault(post.id, post)
        for post in by_url.get(draft.url or "", []):
            direct.setdefault(post.id, post)
        # Guid matches first, then by id (find's ORDER BY), at most 20.
        ordered = sorted(direct.values(), key=lambda p: (p.guid != draft.guid, p.id))
        ordered = ordered[:_CANDIDATES] if (draft.guid or draft.url) else []
        titled = [found[i] for i in by_key.get(draft.key, [])[:_CANDIDATES] if i in found]
        answer.append(ordered + titled if draft.key else ordered)
    return answer


async def upsert_batch(
    posts: PostStore, drafts: Sequence[PostDraft], merge: Merge | None, same: Same | None
) -> list[UpsertResult]:
    """Upsert ``drafts`` inside the caller's transaction; any database error propagates
    (the caller rolls the batch back and goes record by record)."""
    results: list[UpsertResult] = []
    start = 0
    while start < len(drafts):
        run = drafts[start : start + _independent_prefix(drafts[start:])]
        done = await _upsert_run(posts, run, merge, same, results)
        start += done
    return results


async def _upsert_run(
    posts: PostStore,
    run: Sequence[PostDraft],
    merge: Merge | None,
    same: Same | None,
    results: list[UpsertResult],
) -> int:
    """Upsert a prefix of ``run`` (at least one draft); return how many were done."""
    from cagbot.store.posts import UpsertResult

    candidates = await _candidates(posts, run)
    touched: set[int] = set()
    new: list[tuple[int, PostDraft]] = []  # (index in results, draft)
    done = 0
    for draft, found in zip(run, candidates, strict=True):
        if done and any(post.id in touched for post in found):
            break  # it would see what this run just wrote: read again
        existing = next((p for p in found if same is None or same(p, draft)), None)
        done += 1
        if existing is None:
            new.append((len(results), draft))
            results.append(UpsertResult("added", None))
            continue
        touched.add(existing.id)
        merged = normal(merge(existing, draft) if merge else draft, existing.key)
        if merged == normal(existing.as_draft()):
            results.append(UpsertResult("unchanged", existing.id))
            continue
        await posts.update(existing.id, merged)
        await posts.remember_titles(existing.id, draft)
        results.append(UpsertResult("updated", existing.id))
    if new:
        for (index, _), post_id in zip(new, await _insert_all(posts, new), strict=True):
            results[index] = UpsertResult("added", post_id)
    return done


async def _insert_all(posts: PostStore, new: list[tuple[int, PostDraft]]) -> list[int]:
    """Insert new posts (keys made free first) with their children; their ids, in order."""
    db = posts.db
    drafts = [draft for _, draft in new]
    wanted = sorted({k for d in drafts for k in _first_keys(d)})
    rows = await db.fetchall(
        "SELECT key FROM posts WHERE " + _marks_sql("key", len(wanted)),  # noqa: S608
        wanted,
    )
    taken = {str(row[0]) for row in rows}
    stored: list[PostDraft] = []
    for draft in drafts:
        key = next((k for k in _first_keys(draft) if k not in taken), None)
        if key is None:  # rare: "Annual meeting" on the same day again; look further
            key = await posts.free_key(draft, taken)
        taken.add(key)
        stored.append(normal(draft, key))
    connection = db.connection
    await connection.executemany(
        f"INSERT INTO posts ({', '.join(POST_COLUMNS)}) "  # noqa: S608 - constants
        f"VALUES ({', '.join('?' * len(POST_COLUMNS))})",
        [post_values(draft) for draft in stored],
    )
    keys = [draft.key for draft in stored]
    rows = await db.fetchall(
        "SELECT key, id FROM posts WHERE " + _marks_sql("key", len(keys)),  # noqa: S608
        keys,
    )
    id_of = {str(row[0]): int(row[1]) for row in rows}
    ids = [id_of[key] for key in keys]
    await write_children(posts, list(zip(ids, stored, strict=True)))
    await connection.executemany(
        "INSERT OR IGNORE INTO post_titles (post_id, key, title) VALUES (?, ?, ?)",
        [(post_id, d.key, d.title) for post_id, d in zip(ids, drafts, strict=True)],
    )
    return ids


def _first_keys(draft: PostDraft) -> list[str]:
    """The keys :meth:`PostStore.free_key` tries first (the key, then with the date)."""
    suffix = draft.published.date().isoformat() if draft.published else ""
    return list(dict.fromkeys([draft.key, f"{draft.key} {suffix}".strip()]))


async def write_children(posts: PostStore, rows: list[tuple[int, PostDraft]]) -> None:
    connection = posts.db.connection
    topics = [(i, topic) for i, d in rows for topic in d.topics]
    countries = [(i, country) for i, d in rows for country in d.countries]
    details = [(i, d.opportunity) for i, d in rows if d.opportunity is not None]
    versions = [
        (i, code, *(version.get(name) for name in TEXT_FIELDS))
        for i, d in rows
        for code, version in d.versions.items()
        if code != d.language
    ]
    if topics:
        await connection.executemany(
            "INSERT INTO post_topics (post_id, topic) VALUES (?, ?)", topics
        )
    if countries:
        await connection.executemany(
            "INSERT INTO post_countries (post_id, country) VALUES (?, ?)", countries
        )
    if details:
        await connection.executemany(
            """INSERT INTO opportunities (post_id, type, location, duration, deadline,
                                          how_to_apply, apply_url, is_open, titles, apply_label)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    post_id,
                    o.type,
                    o.location,
                    o.duration,
                    o.deadline.isoformat() if o.deadline else None,
                    o.how_to_apply,
                    o.apply_url,
                    int(o.is_open),
                    json.dumps(o.titles, ensure_ascii=False, sort_keys=True),
                    o.apply_label,
                )
                for post_id, o in details
            ],
        )
    if versions:
        await connection.executemany(
            f"""INSERT INTO post_versions (post_id, language, {", ".join(TEXT_FIELDS)})
                VALUES (?, ?, {", ".join("?" * len(TEXT_FIELDS))})""",  # noqa: S608
            versions,
        )
