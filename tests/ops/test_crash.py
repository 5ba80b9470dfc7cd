"""kill -9 in the middle of writes never corrupts the database or leaves half a record."""

from __future__ import annotations

import asyncio
import random
import signal
import sqlite3
import sys
from pathlib import Path

from tests.ops.conftest import START_TIMEOUT, clean_env, integrity

WRITER = Path(__file__).parent / "scripts" / "writer.py"
BATCH = 25
ROUNDS = 6


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


async def test_sigkill_mid_write_leaves_a_consistent_database(tmp_path: Path) -> None:
    database = tmp_path / "crash.db"
    chance = random.Random(20260901)
    committed = 0
    for _ in range(ROUNDS):
        writer = await asyncio.create_subprocess_exec(
            sys.executable,
            str(WRITER),
            str(database),
            str(BATCH),
            env=clean_env(),
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
        )
        assert writer.stdout is not None
        try:
            # Wait for the first commit, then kill at a random moment a few batches later.
            line = await asyncio.wait_for(writer.stdout.readline(), START_TIMEOUT)
            assert line.startswith(b"committed"), line
            await asyncio.sleep(chance.uniform(0.0, 0.4))
        finally:
            writer.send_signal(signal.SIGKILL)
            rest = await writer.stdout.read()
            await writer.wait()
        confirmed = [int(text.split()[1]) for text in (line + rest).decode().splitlines()]
        assert writer.returncode == -signal.SIGKILL
        assert integrity(database) == "ok"
        posts, problems = consistency(database)
        assert problems == []
        # Everything reported committed survived; at most the batch in flight was lost.
        assert posts >= max(confirmed)
        assert posts > committed
        committed = posts
