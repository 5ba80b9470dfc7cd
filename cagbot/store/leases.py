"""SQL for sharing one outbox between processes: who is delivering (owners), their leases'
renewal, taking back expired leases, and a broadcast's audit from one owner's side. Taking
rows under a lease is :mod:`cagbot.store.claims`.

A dispatcher registers an *owner* (``host:pid:random``) in ``outbox_owners`` and renews its
heartbeat and the leases of its 'sending' rows while it works. A row whose lease expired
(its owner was killed, or stalled past the lease) goes back to 'pending'; a live owner's
rows are never touched, so two processes never send the same row at the same time.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from cagbot.store.database import Database

OwnerRole = Literal["bot", "cli"]


def new_owner_id() -> str:
    """A dispatcher identity: the host and pid for humans, a random part for uniqueness
    (pids are reused; a restarted bot is a new owner)."""
    host = socket.gethostname()[:40] or "host"
    return f"{host}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True, slots=True)
class Audit:
    """A broadcast's rows as one dispatcher sees them at the end of its run."""

    sent_here: int = 0
    sent_elsewhere: int = 0
    #: 'sending' under another live owner's lease, or pending while another dispatcher lives.
    handed_over: int = 0
    blocked: int = 0
    failed: int = 0
    #: Pending or abandoned with nobody alive to deliver them (the next start will).
    left: int = 0
    #: Of ``left`` and ``handed_over``: rows that failed transiently and wait for a retry.
    retrying: int = 0

    @property
    def sent(self) -> int:
        return self.sent_here + self.sent_elsewhere


class LeaseSide:
    """Mixed into :class:`~cagbot.store.outbox.OutboxStore` (``store.outbox``): owners and
    their leases, taking back expired ones, and a broadcast's audit from one owner's side."""

    db: Database

    # -- owners ---------------------------------------------------------------------------

    async def register_owner(self, owner: str, role: OwnerRole, lease: float) -> None:
        now = time.time()
        host, pid = owner.split(":", 2)[0], os.getpid()
        async with self.db.transaction() as connection:
            # Owners dead for long are forgotten, so the table stays small.
            await connection.execute(
                "DELETE FROM outbox_owners WHERE heartbeat < ?", (now - 86_400.0,)
            )
            await connection.execute(
                "INSERT OR REPLACE INTO outbox_owners (owner, pid, host, role, started_at, "
                "heartbeat) VALUES (?, ?, ?, ?, ?, ?)",
                (owner, pid, host, role, now, now + lease),
            )

    async def unregister_owner(self, owner: str) -> None:
        """An orderly exit: the owner's unanswered rows are free at once (they may have
        reached Telegram: resent, as after any restart) and it no longer counts as live."""
        async with self.db.transaction() as connection:
            await connection.execute(
                "UPDATE outbox SET lease_until = 0 WHERE owner = ? AND status = 'sending'",
                (owner,),
            )
            await connection.execute("DELETE FROM outbox_owners WHERE owner = ?", (owner,))

    async def renew(self, owner: str, lease: float, held: Collection[int] | None = None) -> int:
        """Extend the owner's heartbeat and the leases of its 'sending' rows; rows renewed.

        ``held``: only these rows (those a live task of the owner is sending, or whose
        outcome waits to be recorded). A row the owner claimed but no longer works on (its
        task died with a crashed dispatcher) is then left to lapse and be taken back,
        rather than kept 'sending' for ever by a renewal that knows nothing of it."""
        async with self.db.transaction() as connection:
            # Timed once the write lock is ours: waiting for it (a large import) must not
            # eat into the lease recorded.
            until = time.time() + lease
            await connection.execute(
                "UPDATE outbox_owners SET heartbeat = ? WHERE owner = ?", (until, owner)
            )
            sql = "UPDATE outbox SET lease_until = ? WHERE owner = ? AND status = 'sending'"
            params: tuple[object, ...] = (until, owner)
            if held is not None:
                sql += " AND id IN (SELECT value FROM json_each(?))"
                params = (*params, json.dumps(sorted(held)))
            cursor = await connection.execute(sql, params)
            return max(cursor.rowcount, 0)

    async def count_sharers(self, owner: str) -> int:
        """How many dispatchers are alive now (``owner`` included), recording that
        ``owner`` has counted them (see :meth:`counted_since`)."""
        now = time.time()
        async with self.db.transaction() as connection:
            await connection.execute(
                "UPDATE outbox_owners SET counted_at = ? WHERE owner = ?", (now, owner)
            )
            async with connection.execute(
                "SELECT count(*) FROM outbox_owners WHERE heartbeat >= ? OR owner = ?",
                (now, owner),
            ) as cursor:
                found = await cursor.fetchone()
        return max(1, int(found[0]) if found is not None else 1)

    async def counted_since(self, owner: str, since: float) -> bool:
        """True when every other live dispatcher has counted the sharers since ``since``
        (so it knows about ``owner`` and has lowered its rate)."""
        row = await self.db.fetchone(
            "SELECT count(*) FROM outbox_owners WHERE owner != ? AND heartbeat >= ? "
            "AND counted_at < ?",
            (owner, time.time(), since),
        )
        return row is not None and int(row[0]) == 0

    async def live_owners(self, *, role: OwnerRole | None = None) -> list[str]:
        sql = "SELECT owner FROM outbox_owners WHERE heartbeat >= ?"
        params: tuple[object, ...] = (time.time(),)
        if role is not None:
            sql += " AND role = ?"
            params = (*params, role)
        rows = await self.db.fetchall(sql + " ORDER BY owner", params)
        return [str(row[0]) for row in rows]

    async def owner_beats(self) -> list[tuple[str, float]]:
        """(owner, heartbeat) of every registered dispatcher."""
        rows = await self.db.fetchall("SELECT owner, heartbeat FROM outbox_owners")
        return [(str(row[0]), float(row[1])) for row in rows]

    async def expire_owner(self, owner: str, heartbeat: float) -> int:
        """``owner`` is dead although its heartbeat (stamped before the wall clock stepped
        back) looks live: its rows' leases end now, unless it renewed meanwhile (its
        heartbeat moved on). Rows freed for recover()."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE outbox_owners SET heartbeat = 0 WHERE owner = ? AND heartbeat = ?",
                (owner, heartbeat),
            )
            if cursor.rowcount != 1:
                return 0
            cursor = await connection.execute(
                "UPDATE outbox SET lease_until = 0 WHERE owner = ? AND status = 'sending'",
                (owner,),
            )
            return max(cursor.rowcount, 0)

    # -- expired leases -------------------------------------------------------------------

    async def recover(self) -> int:
        """Rows whose lease expired (their owner died or stalled) go back to 'pending'; a
        live owner's rows are left alone. Rows from before leases existed count as expired."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE outbox SET status = 'pending', owner = NULL, lease_until = NULL "
                "WHERE status = 'sending' AND coalesce(lease_until, 0) < ?",
                (time.time(),),
            )
            return max(cursor.rowcount, 0)

    # -- audit ----------------------------------------------------------------------------

    async def audit(self, broadcast_id: int, owner: str) -> Audit:
        """A broadcast's rows from ``owner``'s side: what it sent, what others sent or hold,
        what nobody alive is delivering."""
        now = time.time()
        others_alive = any(o != owner for o in await self.live_owners())
        rows = await self.db.fetchall(
            """SELECT o.status, o.owner = ? AS mine, coalesce(o.lease_until, 0) >= ? AS live,
                      o.last_error IS NOT NULL AS retrying, count(*) AS n
               FROM outbox o JOIN outbox_messages m ON m.id = o.message_id
               WHERE m.broadcast_id = ? GROUP BY 1, 2, 3, 4""",
            (owner, now, broadcast_id),
        )
        figures = dict.fromkeys(Audit.__slots__, 0)
        for row in rows:
            status, mine, live, n = row["status"], bool(row["mine"]), bool(row["live"]), row["n"]
            if status == "sent":
                figures["sent_here" if mine else "sent_elsewhere"] += n
            elif status in ("blocked", "failed"):
                figures[status] += n
            else:
                held = status == "sending" and live and not mine
                waiting = status == "pending" and others_alive
                figures["handed_over" if held or waiting else "left"] += n
                if row["retrying"]:
                    figures["retrying"] += n
        return Audit(**figures)
