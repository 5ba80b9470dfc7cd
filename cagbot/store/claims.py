"""Claims: a dispatcher takes due outbox rows (at most one per chat, none for a chat another
process is sending to) under a lease, and learns the sends every process made lately."""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from cagbot.store.database import Database
from cagbot.store.schedules import HELD


@dataclass(frozen=True, slots=True)
class ClaimedRow:
    """A claimed outbox row with what to send (the store's side of a Delivery)."""

    id: int
    chat_id: int
    text: str
    parse_mode: str | None
    attempts: int
    photo: str | None
    reply_markup: dict[str, object] | None
    retry_since: float | None
    #: The chat's forum topic (``chat_threads``, cagbot.store.channels), if any.
    message_thread_id: int | None = None
    #: When the claim's lease ends unless renewed (unix time).
    lease_until: float = float("inf")
    #: A poll to send instead of the text: {"question": ..., "options": [...]}.
    poll: dict[str, object] | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """A claimed outbox row with what to send."""

    id: int
    chat_id: int
    text: str
    parse_mode: str | None
    attempts: int
    photo: str | None = None
    reply_markup: Mapping[str, Any] | None = None
    #: Unix time of the row's first transient failure (its retry window started then).
    retry_since: float | None = None
    #: The forum topic to post in (the chat's ``chat_threads`` row), if any.
    message_thread_id: int | None = None
    #: When the claim's lease ends unless renewed (unix time).
    lease_until: float = float("inf")
    #: Who claimed it: the outcome is recorded only while the row is still theirs.
    owner: str | None = None
    #: A poll to send instead of the text (see :attr:`Rendered.poll`).
    poll: Mapping[str, Any] | None = None


class ClaimSide:
    """Taking rows to send (``pending`` -> ``sending`` under ``owner``'s lease)."""

    db: Database

    async def claim(
        self,
        limit: int,
        *,
        busy: Collection[int] = (),
        owner: str | None = None,
        lease: float = 60.0,
        horizon: float | None = None,
    ) -> list[Delivery]:
        """Take up to ``limit`` due rows, at most one per chat and none for a ``busy`` chat
        or one another process is sending to, and lease them to ``owner`` for ``lease``
        seconds. Priority first, then oldest due time."""
        rows = await self.claim_rows(limit, owner=owner, lease=lease, busy=busy, horizon=horizon)
        return [
            Delivery(
                row.id,
                row.chat_id,
                row.text,
                row.parse_mode,
                row.attempts,
                photo=row.photo,
                reply_markup=row.reply_markup,
                retry_since=row.retry_since,
                message_thread_id=row.message_thread_id,
                lease_until=row.lease_until,
                owner=owner,
                poll=row.poll,
            )
            for row in rows
        ]

    async def claim_rows(
        self,
        limit: int,
        *,
        owner: str | None,
        lease: float,
        busy: Collection[int] = (),
        horizon: float | None = None,
    ) -> list[ClaimedRow]:
        """Take up to ``limit`` due rows, at most one per chat, none for a ``busy`` chat nor
        for a chat another process is sending to (per-chat order and limits hold across
        processes), and lease them to ``owner``. Priority first, then oldest due time.

        ``horizon``: no row ever waits longer than this (the longest retry delay); a row
        due further away than that was timed by a wall clock that has since stepped back
        (an hour, say) and is due now, not in an hour. Paused broadcasts' rows still wait."""
        async with self.db.transaction() as connection:
            now = time.time()  # once the write lock is ours (see LeaseSide.renew)
            async with connection.execute(
                "SELECT chat_id FROM outbox WHERE status = 'sending'"
            ) as cursor:
                taken = {int(row[0]) for row in await cursor.fetchall()}
            skip = taken | set(busy)
            async with connection.execute(
                """SELECT o.id, o.chat_id, o.attempts, m.text, m.parse_mode, m.photo,
                          m.reply_markup, o.retry_since, t.thread_id, m.poll
                   FROM outbox o JOIN outbox_messages m ON m.id = o.message_id
                   LEFT JOIN chat_threads t ON t.chat_id = o.chat_id
                   WHERE o.status = 'pending'
                     AND (o.not_before <= ? OR (o.not_before > ? AND o.not_before < ?))
                   ORDER BY o.priority DESC, o.not_before, o.id LIMIT ?""",
                (now, now + (horizon or HELD), HELD, limit + len(skip)),
            ) as cursor:
                rows = await cursor.fetchall()
            chosen: list[ClaimedRow] = []
            for row in rows:
                chat_id = int(row[1])
                if chat_id in skip:
                    continue
                skip.add(chat_id)
                chosen.append(
                    ClaimedRow(
                        int(row[0]),
                        chat_id,
                        row[3],
                        row[4],
                        int(row[2]),
                        row[5],
                        json.loads(row[6]) if row[6] else None,
                        None if row[7] is None else float(row[7]),
                        row[8],
                        now + lease,
                        json.loads(row[9]) if row[9] else None,
                    )
                )
                if len(chosen) >= limit:
                    break
            await connection.executemany(
                "UPDATE outbox SET status = 'sending', owner = ?, lease_until = ? WHERE id = ?",
                [(owner, now + lease, row.id) for row in chosen],
            )
        return chosen

    async def recent_sends(self, seconds: float) -> list[tuple[int, float]]:
        """(chat id, unix time) of the sends Telegram accepted in the last ``seconds``, by
        any process: what a new pacer must count as already spent."""
        rows = await self.db.fetchall(
            "SELECT chat_id, sent_at FROM outbox WHERE sent_at >= ? ORDER BY sent_at",
            (time.time() - seconds,),
        )
        return [(int(row[0]), float(row[1])) for row in rows]
