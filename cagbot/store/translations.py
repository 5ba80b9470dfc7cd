"""SQL for machine translations: the cache of translated titles and summaries.

A translation is keyed by its exact source text and the two languages, so it is made once
whatever posts share the text, and an edited original simply becomes a new source (the
stale row is pruned). Human versions (``post_versions``) always win when rendering, so a
field a person has translated is never sent to the machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cagbot.store.database import Database


@dataclass(frozen=True, slots=True)
class Pending:
    """A text some reader would see in a foreign language for lack of a translation."""

    post_id: int
    field: str  # "title" or "summary"
    source_language: str
    target_language: str
    source_text: str


# Titles and summaries of every post, with the languages they lack: no human version of
# that field, no legacy curated title, no cached translation yet. Newest posts first.
_MISSING = """
WITH texts (post_id, field, lang, text) AS (
    SELECT id, 'title', language, title FROM posts
    UNION ALL
    SELECT id, 'summary', language, summary FROM posts WHERE summary != ''
)
SELECT x.post_id, x.field, x.lang, g.code, x.text
FROM texts x JOIN targets g ON g.code != x.lang
WHERE NOT EXISTS (
        SELECT 1 FROM post_versions v
        WHERE v.post_id = x.post_id AND v.language = g.code
          AND (CASE x.field WHEN 'title' THEN v.title ELSE v.summary END) IS NOT NULL)
  AND NOT (x.field = 'title' AND EXISTS (
        SELECT 1 FROM opportunities o
        WHERE o.post_id = x.post_id AND json_extract(o.titles, '$.' || g.code) IS NOT NULL))
  AND NOT EXISTS (
        SELECT 1 FROM translations tr
        WHERE tr.source_language = x.lang AND tr.source_text = x.text
          AND tr.target_language = g.code)
ORDER BY x.post_id DESC, x.field DESC, g.code
LIMIT ?
"""


class TranslationStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def missing(self, targets: Sequence[str], limit: int) -> list[Pending]:
        """Texts to translate into ``targets``, at most ``limit``, newest posts first."""
        if not targets:
            return []
        values = ", ".join("(?)" for _ in targets)
        rows = await self.db.fetchall(
            f"WITH targets (code) AS (VALUES {values}) " + _MISSING.replace("WITH", ",", 1),
            (*targets, limit),
        )
        found: list[Pending] = []
        seen: set[tuple[str, str, str]] = set()
        for row in rows:
            key = (row[2], row[3], row[4])
            if key in seen:  # two posts with the same text: translate it once
                continue
            seen.add(key)
            found.append(Pending(int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4])))
        return found

    async def put(
        self, source_language: str, target_language: str, source_text: str, text: str
    ) -> None:
        # created_at moves with the text: the search snapshot catches up by it.
        async with self.db.transaction() as connection:
            await connection.execute(
                """INSERT INTO translations (source_language, target_language, source_text, text)
                   VALUES (?, ?, ?, ?)
                   ON CONFLICT (source_language, source_text, target_language)
                   DO UPDATE SET text = excluded.text,
                       created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')""",
                (source_language, target_language, source_text, text),
            )

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT count(*) FROM translations")
        return int(row[0]) if row else 0

    async def prune(self) -> int:
        """Forget translations whose source is no longer any post's title or summary."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                """DELETE FROM translations WHERE NOT EXISTS (
                       SELECT 1 FROM posts p
                       WHERE p.language = translations.source_language
                         AND translations.source_text IN (p.title, p.summary))"""
            )
            return cursor.rowcount
