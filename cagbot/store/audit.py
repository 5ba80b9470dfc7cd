"""SQL for the staff audit log: who changed what, when, with the before and after."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aiosqlite

from cagbot.store.database import Database


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    actor: int | None
    action: str
    subject: str
    before: Any
    after: Any
    at: str
    #: The actor's role when they acted ('staff', 'editor'; None for the CLI).
    role: str | None = None


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


async def record(
    connection: aiosqlite.Connection,
    *,
    actor: int | None,
    action: str,
    subject: str,
    before: Any = None,
    after: Any = None,
    role: str | None = None,
) -> None:
    """Append an entry inside the caller's transaction (the change and its audit commit
    together or not at all). ``role``: the actor's role at the time of the act."""
    await connection.execute(
        "INSERT INTO audit_log (actor, actor_role, action, subject, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (actor, role, action, subject, _json(before), _json(after)),
    )


class AuditStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self,
        *,
        actor: int | None,
        action: str,
        subject: str,
        before: Any = None,
        after: Any = None,
        role: str | None = None,
    ) -> None:
        async with self.db.transaction() as connection:
            await record(
                connection,
                actor=actor,
                action=action,
                subject=subject,
                before=before,
                after=after,
                role=role,
            )

    async def entries(self, subject: str | None = None, *, limit: int = 100) -> list[AuditEntry]:
        if subject is None:
            rows = await self.db.fetchall(
                "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
            )
        else:
            rows = await self.db.fetchall(
                "SELECT * FROM audit_log WHERE subject = ? ORDER BY id DESC LIMIT ?",
                (subject, limit),
            )
        return [
            AuditEntry(
                int(row["id"]),
                row["actor"],
                row["action"],
                row["subject"],
                json.loads(row["before"]) if row["before"] else None,
                json.loads(row["after"]) if row["after"] else None,
                row["at"],
                row["actor_role"],
            )
            for row in reversed(rows)
        ]
