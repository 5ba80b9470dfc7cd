"""SQL for calls made in Telegram: the guided form in progress (per user, surviving a
restart) and the calls themselves (their TOML-shaped document and the post it became)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Literal

from cagbot.store.audit import record
from cagbot.store.database import Database

CallStatus = Literal["awaiting_approval", "published", "rejected"]
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True, slots=True)
class Call:
    id: int
    post_id: int | None
    doc: dict[str, Any]
    status: CallStatus
    drafted_by: int
    approved_by: int | None


class CallStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- the form in progress ---------------------------------------------------------------

    async def form(self, user_id: int, *, max_age: float) -> dict[str, Any] | None:
        """The user's form state, unless older than ``max_age`` seconds (then removed)."""
        row = await self.db.fetchone(
            "SELECT state, updated_at FROM call_forms WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None
        if time.time() - float(row["updated_at"]) > max_age:
            await self.drop_form(user_id)
            return {"expired": True}
        state: dict[str, Any] = json.loads(row["state"])
        return state

    async def has_form(self, user_id: int) -> bool:
        """A cheap read, so that every command need not write to find out."""
        row = await self.db.fetchone("SELECT 1 FROM call_forms WHERE user_id = ?", (user_id,))
        return row is not None

    async def save_form(self, user_id: int, state: dict[str, Any]) -> None:
        async with self.db.transaction() as connection:
            await connection.execute(
                "INSERT INTO call_forms (user_id, state, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, "
                "updated_at = excluded.updated_at",
                (user_id, json.dumps(state, ensure_ascii=False), time.time()),
            )

    async def drop_form(self, user_id: int) -> bool:
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "DELETE FROM call_forms WHERE user_id = ?", (user_id,)
            )
            return cursor.rowcount == 1

    # -- calls -------------------------------------------------------------------------------

    async def get(self, call_id: int) -> Call | None:
        row = await self.db.fetchone("SELECT * FROM calls WHERE id = ?", (call_id,))
        return _call(row) if row is not None else None

    async def of_post(self, post_id: int) -> Call | None:
        row = await self.db.fetchone("SELECT * FROM calls WHERE post_id = ?", (post_id,))
        return _call(row) if row is not None else None

    async def all(self) -> list[Call]:
        rows = await self.db.fetchall("SELECT * FROM calls ORDER BY id")
        return [_call(row) for row in rows]

    async def submit(self, doc: dict[str, Any], drafted_by: int, *, role: str | None = None) -> int:
        """An editor's call, waiting for staff."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "INSERT INTO calls (doc, status, drafted_by) VALUES (?, 'awaiting_approval', ?)",
                (json.dumps(doc, ensure_ascii=False), drafted_by),
            )
            assert cursor.lastrowid is not None
            call_id = cursor.lastrowid
            await record(
                connection,
                actor=drafted_by,
                action="call.draft",
                subject=f"call:{call_id}",
                after=doc,
                role=role,
            )
            return call_id

    async def decide(
        self, call_id: int, admin_id: int, status: CallStatus, *, role: str | None = None
    ) -> bool:
        """Move an awaiting call on (published by the caller afterwards, or rejected)."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                f"UPDATE calls SET status = ?, approved_by = ?, updated_at = {_NOW} "  # noqa: S608
                "WHERE id = ? AND status = 'awaiting_approval'",
                (status, admin_id, call_id),
            )
            if cursor.rowcount != 1:
                return False
            await record(
                connection,
                actor=admin_id,
                action="call.approve" if status == "published" else "call.reject",
                subject=f"call:{call_id}",
                role=role,
            )
            return True

    async def save(
        self,
        *,
        call_id: int | None,
        doc: dict[str, Any],
        post_id: int,
        actor: int,
        drafted_by: int,
        approved_by: int | None,
        action: str,
        before: dict[str, Any] | None,
        role: str | None = None,
    ) -> int:
        """Store a published call (new or changed) with its audit entry."""
        async with self.db.transaction() as connection:
            encoded = json.dumps(doc, ensure_ascii=False)
            if call_id is None:
                cursor = await connection.execute(
                    "INSERT INTO calls (post_id, doc, status, drafted_by, approved_by) "
                    "VALUES (?, ?, 'published', ?, ?)",
                    (post_id, encoded, drafted_by, approved_by),
                )
                assert cursor.lastrowid is not None
                call_id = cursor.lastrowid
            else:
                await connection.execute(
                    f"UPDATE calls SET post_id = ?, doc = ?, status = 'published', "  # noqa: S608
                    f"updated_at = {_NOW} WHERE id = ?",
                    (post_id, encoded, call_id),
                )
            await record(
                connection,
                actor=actor,
                action=action,
                subject=f"call:{call_id}",
                before=before,
                after=doc,
                role=role,
            )
            return call_id


def _call(row: Any) -> Call:
    return Call(
        id=int(row["id"]),
        post_id=row["post_id"],
        doc=json.loads(row["doc"]),
        status=row["status"],
        drafted_by=int(row["drafted_by"]),
        approved_by=row["approved_by"],
    )
