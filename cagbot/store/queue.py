"""The outbox queue: what a queued message is (:class:`Rendered`), how one is written once
(``insert_message``) and queued for chats, and the queue's figures and upkeep.

Every row exists before anything is sent; a row is one (message, chat). Claims
(:mod:`.claims`), outcomes (:mod:`.outcomes`) and leases (:mod:`.leases`) move rows on from
'pending'.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import aiosqlite

from cagbot.store.audience import Selection
from cagbot.store.database import Database
from cagbot.store.schedules import HELD

MessageKind = Literal["post", "opportunity", "digest", "reminder", "broadcast", "staff"]
PRIORITY_STAFF = 10


@dataclass(frozen=True, slots=True)
class Rendered:
    """A message as it will be sent: its HTML text (the caption when ``photo`` is set, so
    then within Telegram's 1,024 units), an optional photo (an http(s) URL or a Telegram
    file_id) and an optional inline keyboard in the Bot API's JSON form."""

    text: str
    photo: str | None = None
    reply_markup: Mapping[str, Any] | None = None
    #: An anonymous poll sent instead of the text (which then holds its question):
    #: {"question": str, "options": [str, ...]}.
    poll: Mapping[str, Any] | None = None


#: What producers hand to the outbox per language: plain HTML text, or a :class:`Rendered`.
Outgoing = str | Rendered


@dataclass(frozen=True, slots=True)
class Counts:
    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    #: Of ``pending``: rows that failed transiently and wait for their next attempt.
    retrying: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.sending + self.sent + self.blocked + self.failed

    @property
    def done(self) -> int:
        return self.sent + self.blocked + self.failed


def counts_of(rows: Sequence[Any]) -> Counts:
    figures = {str(row["status"]): int(row["n"]) for row in rows}
    retrying = sum(int(row["r"] or 0) for row in rows if row["status"] == "pending")
    return Counts(**figures, retrying=retrying)


async def insert_message(
    connection: aiosqlite.Connection,
    *,
    kind: MessageKind,
    text: Outgoing,
    parse_mode: str | None,
    language: str | None = None,
    dedupe_key: str | None = None,
    post_id: int | None = None,
    broadcast_id: int | None = None,
) -> int:
    """Insert a rendered message (or find the one with the same dedupe key); its id."""
    message = text if isinstance(text, Rendered) else Rendered(text)
    markup = _json_or_none(message.reply_markup)
    poll = _json_or_none(message.poll)
    if dedupe_key is not None:
        async with connection.execute(
            "SELECT id FROM outbox_messages WHERE dedupe_key = ?", (dedupe_key,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is not None:
            return int(row[0])
    cursor = await connection.execute(
        """INSERT INTO outbox_messages (kind, dedupe_key, language, text, parse_mode, post_id,
                                        broadcast_id, photo, reply_markup, poll)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            kind,
            dedupe_key,
            language,
            message.text,
            parse_mode,
            post_id,
            broadcast_id,
            message.photo,
            markup,
            poll,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _json_or_none(value: Mapping[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


async def enqueue_selection(
    connection: aiosqlite.Connection,
    message_id: int,
    selection: Selection,
    *,
    priority: int = 0,
    extra_where: str = "",
    extra_params: Sequence[object] = (),
) -> int:
    cursor = await connection.execute(
        "INSERT OR IGNORE INTO outbox (message_id, chat_id, priority, not_before) "  # noqa: S608
        f"SELECT ?, s.chat_id, ?, ? FROM subscribers s WHERE ({selection.where}) {extra_where}",
        (message_id, priority, time.time(), *selection.params, *extra_params),
    )
    return max(cursor.rowcount, 0)


class QueueSide:
    """Queueing one message for given chats, the queue's counts, its next due time, pruning."""

    db: Database

    async def enqueue(
        self,
        chat_ids: Iterable[int],
        text: Outgoing,
        *,
        kind: MessageKind,
        parse_mode: str | None = "HTML",
        language: str | None = None,
        dedupe_key: str | None = None,
        priority: int = 0,
    ) -> int:
        """One message to the given chats (staff alerts, one-offs); rows written."""
        now = time.time()
        async with self.db.transaction() as connection:
            message_id = await insert_message(
                connection,
                kind=kind,
                text=text,
                parse_mode=parse_mode,
                language=language,
                dedupe_key=dedupe_key,
            )
            before = connection.total_changes
            await connection.executemany(
                "INSERT OR IGNORE INTO outbox (message_id, chat_id, priority, not_before) "
                "VALUES (?, ?, ?, ?)",
                [(message_id, chat_id, priority, now) for chat_id in dict.fromkeys(chat_ids)],
            )
            return connection.total_changes - before

    async def next_due(self) -> float | None:
        """Unix time of the earliest pending row (None when nothing is pending or due)."""
        # Rows held by a paused broadcast are not due until it is resumed (store/schedules).
        row = await self.db.fetchone(
            "SELECT min(not_before) FROM outbox WHERE status = 'pending' AND not_before < ?",
            (HELD,),
        )
        return float(row[0]) if row and row[0] is not None else None

    async def counts(self) -> Counts:
        rows = await self.db.fetchall(
            "SELECT status, count(*) AS n, sum(last_error IS NOT NULL) AS r "
            "FROM outbox GROUP BY status"
        )
        return counts_of(rows)

    async def prune(self, *, older_than_days: int = 30) -> int:
        """Forget finished rows older than the given age (the broadcast audit stays)."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                """DELETE FROM outbox WHERE status IN ('sent', 'blocked', 'failed')
                   AND finished_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)""",
                (f"-{older_than_days} days",),
            )
            return max(cursor.rowcount, 0)
