"""Outcomes: what sending a claimed row came to (sent, retry, blocked, failed, migrated,
lapsed, held), applied only while the row is still the claimer's, and what delivery learns
about chats (blocked the bot, migrated to a supergroup, wrote again)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import aiosqlite

from cagbot.store.database import Database
from cagbot.store.polls import poll_key
from cagbot.store.schedules import HELD

# "lapsed": not sent, the claim's lease may have run out (handed back if still ours).
# "held": not sent, its broadcast was paused while it waited for its turn (held with it).
ResultStatus = Literal["sent", "retry", "blocked", "failed", "migrated", "lapsed", "held"]
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
#: A row still held by the claimer whose outcome is being recorded (params: id, owner).
_OURS = "id = ? AND owner IS ? AND status = 'sending'"
#: Staff alerts jump the queue of a 100,000-recipient broadcast.


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    """What one send attempt came to, as the dispatcher hands it back to the store."""

    delivery_id: int
    chat_id: int
    status: ResultStatus
    attempts: int
    error: str | None = None
    telegram_message_id: int | None = None
    not_before: float = 0.0  # for 'retry'
    new_chat_id: int | None = None  # for 'migrated'
    #: Who claimed the row: every outcome applies only while the row is still theirs.
    owner: str | None = None
    #: For a sent poll: Telegram's poll id, whose totals then count for the broadcast.
    poll_id: str | None = None


class OutcomeSide:
    """Recording send outcomes in batches, and moving a migrated chat's rows."""

    db: Database

    async def record(self, results: Sequence[DeliveryResult]) -> None:
        """Apply a batch of send outcomes in one transaction.

        Each applies only while the row is still the claimer's (``id = ? AND owner IS ?``,
        still 'sending'): a process frozen past its lease, whose row another took back and
        sent, must not put it back to 'pending' (a third copy) nor mark it failed. A 'sent'
        also lands on a row taken back but not claimed again (it reached Telegram; sending
        it again would be a copy)."""
        if not results:
            return
        async with self.db.transaction() as connection:
            sent = [r for r in results if r.status == "sent"]
            now = time.time()
            await connection.executemany(
                f"""UPDATE outbox SET status = 'sent', attempts = ?, telegram_message_id = ?,
                       last_error = NULL, retry_since = NULL, lease_until = NULL, sent_at = ?,
                       finished_at = {_NOW}
                    WHERE id = ? AND ((status = 'sending' AND owner IS ?)
                                      OR (status = 'pending' AND owner IS NULL))""",  # noqa: S608
                [(r.attempts, r.telegram_message_id, now, r.delivery_id, r.owner) for r in sent],
            )
            # A sent poll counts for its broadcast and language from now on (a first vote
            # may have come before this); the poll id is kept apart from the chat
            # (cagbot.store.polls). "WHERE true" lets SQLite parse the upsert after SELECT.
            await connection.executemany(
                """INSERT INTO poll_totals (poll_key, broadcast_id, language, counts)
                   SELECT ?, m.broadcast_id, coalesce(m.language, ''), '[]'
                   FROM outbox o JOIN outbox_messages m ON m.id = o.message_id
                   WHERE o.id = ? AND m.broadcast_id IS NOT NULL AND true
                   ON CONFLICT (poll_key) DO UPDATE
                   SET broadcast_id = excluded.broadcast_id, language = excluded.language""",
                [(poll_key(r.poll_id), r.delivery_id) for r in sent if r.poll_id is not None],
            )
            retries = [r for r in results if r.status == "retry"]
            await connection.executemany(
                f"""UPDATE outbox SET status = 'pending', attempts = ?, not_before = ?,
                       last_error = ?, retry_since = coalesce(retry_since, ?), owner = NULL,
                       lease_until = NULL WHERE {_OURS}""",  # noqa: S608
                [(r.attempts, r.not_before, r.error, now, r.delivery_id, r.owner) for r in retries],
            )
            # Handed back only if nobody took it over meanwhile (then it is theirs).
            await connection.executemany(
                f"UPDATE outbox SET status = 'pending', owner = NULL, lease_until = NULL"  # noqa: S608
                f" WHERE {_OURS}",
                [(r.delivery_id, r.owner) for r in results if r.status == "lapsed"],
            )
            # Paused while claimed: held like the broadcast's pending rows (store/schedules).
            await connection.executemany(
                "UPDATE outbox SET status = 'pending', owner = NULL, lease_until = NULL,"
                " not_before = ? WHERE id = ? AND owner IS ? AND status = 'sending'",
                [(HELD, r.delivery_id, r.owner) for r in results if r.status == "held"],
            )
            failed = [r for r in results if r.status == "failed"]
            await connection.executemany(
                f"""UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?,
                       lease_until = NULL, finished_at = {_NOW} WHERE {_OURS}""",  # noqa: S608
                [(r.attempts, r.error, r.delivery_id, r.owner) for r in failed],
            )
            for result in results:
                if result.status == "blocked":
                    await self._block(connection, result)
                elif result.status == "migrated":
                    assert result.new_chat_id is not None
                    await self._migrate(connection, result.chat_id, result.new_chat_id)
                    await connection.execute(
                        "UPDATE outbox SET status = 'pending', attempts = ?, not_before = 0,"
                        " last_error = ?, owner = NULL, lease_until = NULL"
                        " WHERE id = ? AND chat_id = ? AND owner IS ?",
                        (
                            result.attempts,
                            result.error,
                            result.delivery_id,
                            result.new_chat_id,
                            result.owner,
                        ),
                    )

    async def _block(self, connection: aiosqlite.Connection, result: DeliveryResult) -> None:
        # The chat blocked the bot: stop everything queued for it, not just this row.
        await connection.execute(
            f"""UPDATE outbox SET status = 'blocked', attempts = ?, last_error = ?,
                   lease_until = NULL, finished_at = {_NOW} WHERE {_OURS}""",  # noqa: S608
            (result.attempts, result.error, result.delivery_id, result.owner),
        )
        await connection.execute(
            f"""UPDATE outbox SET status = 'blocked', last_error = ?, finished_at = {_NOW}
               WHERE chat_id = ? AND status = 'pending'""",  # noqa: S608
            (result.error, result.chat_id),
        )
        await connection.execute(
            f"UPDATE subscribers SET active = 0, updated_at = {_NOW} WHERE chat_id = ?",  # noqa: S608
            (result.chat_id,),
        )

    async def _migrate(self, connection: aiosqlite.Connection, old: int, new: int) -> None:
        # A group became a supergroup. subscriber_topics, reminders and digest_items follow
        # the subscriber row by ON UPDATE CASCADE; if the new id already has a row (the bot
        # was used there too), the old row's settings lose and its children are dropped.
        async with connection.execute(
            "SELECT 1 FROM subscribers WHERE chat_id = ?", (new,)
        ) as cursor:
            exists = await cursor.fetchone() is not None
        if exists:
            await connection.execute("DELETE FROM subscribers WHERE chat_id = ?", (old,))
        else:
            await connection.execute(
                f"""UPDATE subscribers SET chat_id = ?, chat_type = 'supergroup',
                       updated_at = {_NOW} WHERE chat_id = ?""",  # noqa: S608
                (new, old),
            )
        await connection.execute(
            "UPDATE OR IGNORE outbox SET chat_id = ? "
            "WHERE chat_id = ? AND status IN ('pending', 'sending')",
            (new, old),
        )
        # Rows the new chat already had are duplicates now.
        await connection.execute(
            f"""UPDATE outbox SET status = 'failed', last_error = 'migrated: duplicate',
                   finished_at = {_NOW}
               WHERE chat_id = ? AND status IN ('pending', 'sending')""",  # noqa: S608
            (old,),
        )

    async def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Move a chat's settings and queued messages to its new (supergroup) id."""
        async with self.db.transaction() as connection:
            await self._migrate(connection, old_chat_id, new_chat_id)

    async def reactivate(self, chat_id: int) -> bool:
        """The chat wrote to the bot again (e.g. /start after unblocking): deliver to it
        again. True if it had been marked inactive."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                f"UPDATE subscribers SET active = 1, updated_at = {_NOW} "  # noqa: S608
                "WHERE chat_id = ? AND active = 0",
                (chat_id,),
            )
            return cursor.rowcount > 0
