"""Helpers shared by the store tests (and the CLI's upgrade test)."""

from __future__ import annotations

from pathlib import Path

from cagbot.store.database import RELEASE_SCHEMAS, Database, _statements, migrations

#: The schema of the last release before this one (0.2.0): what upgrades start from.
PREVIOUS = max(RELEASE_SCHEMAS)


async def make_old(path: Path, upto: int = PREVIOUS) -> None:
    """A database as the release with ``upto`` migrations left it."""
    db = await Database.open(path)
    try:
        for number, _, sql in migrations()[:upto]:
            async with db.transaction() as connection:
                for statement in _statements(sql):
                    await connection.execute(statement)
                await connection.execute(f"PRAGMA user_version = {number}")
        async with db.transaction() as connection:
            await connection.execute(
                "INSERT INTO subscribers (chat_id, language, subscribed) VALUES (7, 'sv', 1)"
            )
    finally:
        await db.close()
