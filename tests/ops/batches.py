"""What the crash and backup tests check of a database the writer script filled in batches."""

from __future__ import annotations

import sqlite3
from pathlib import Path

BATCH = 25  # posts per transaction of tests/ops/scripts/writer.py


def consistency(path: Path) -> tuple[int, list[str]]:
    """(post count, problems): every post must have all its children, and batches are whole."""
    connection = sqlite3.connect(path)
    try:
        posts = connection.execute("SELECT count(*) FROM posts").fetchone()[0]
        problems = [
            f"post {row[0]}: {row[1]} topics, {row[2]} countries, {row[3]} details"
            for row in connection.execute(
                """SELECT p.id,
                          (SELECT count(*) FROM post_topics t WHERE t.post_id = p.id),
                          (SELECT count(*) FROM post_countries c WHERE c.post_id = p.id),
                          (SELECT count(*) FROM opportunities o WHERE o.post_id = p.id)
                   FROM posts p"""
            )
            if tuple(row[1:]) != (2, 1, 1)
        ]
        orphans = connection.execute(
            """SELECT (SELECT count(*) FROM post_topics
                       WHERE post_id NOT IN (SELECT id FROM posts))
                    + (SELECT count(*) FROM opportunities
                       WHERE post_id NOT IN (SELECT id FROM posts))"""
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} orphaned child rows")
        # The rewritten batch shares one generation of topics: never half old, half new.
        mixed = connection.execute(
            """SELECT count(DISTINCT topic) FROM post_topics WHERE post_id IN
                   (SELECT id FROM posts ORDER BY id DESC LIMIT ?)""",
            (2 * BATCH,),
        ).fetchone()[0]
        if posts >= 2 * BATCH and mixed > 2:
            problems.append(f"last two batches carry {mixed} topic names")
    finally:
        connection.close()
    if posts % BATCH:
        problems.append(f"{posts} posts is not a whole number of batches of {BATCH}")
    return posts, problems
