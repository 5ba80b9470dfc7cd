"""SQL for the durable outbox: rendered messages, one row per (message, chat), and what
delivery learns about chats (blocked, migrated to a supergroup).

Every row exists before anything is sent. A dispatcher claims due rows (``pending`` ->
``sending``) under a lease it renews, sends them, and records the outcome; rows whose lease
expired (their process died) go back to ``pending`` (:mod:`cagbot.store.leases`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import aiosqlite

from cagbot.store.audience import EFFECTIVE_LANGUAGE, Audience, Selection
from cagbot.store.database import Database
from cagbot.store.leases import LeaseSide
from cagbot.store.polls import poll_key
from cagbot.store.schedules import HELD

MessageKind = Literal["post", "opportunity", "digest", "reminder", "broadcast", "staff"]
# "lapsed": not sent, the claim's lease may have run out (handed back if still ours).
# "held": not sent, its broadcast was paused while it waited for its turn (held with it).
ResultStatus = Literal["sent", "retry", "blocked", "failed", "migrated", "lapsed", "held"]
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
#: A row still held by the claimer whose outcome is being recorded (params: id, owner).
_OURS = "id = ? AND owner IS ? AND status = 'sending'"
#: Staff alerts jump the queue of a 100,000-recipient broadcast.
PRIORITY_STAFF = 10
#: A chat a saved search already notified of the post (params: post id) gets no second
#: announcement of it: the saved search's names what it was looking for (issue 25).
NOT_ALERTED = """AND NOT EXISTS (SELECT 1 FROM saved_search_hits h
                    JOIN saved_searches x ON x.id = h.search_id
                    WHERE x.chat_id = s.chat_id AND h.post_id = ?)"""


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


@dataclass(frozen=True, slots=True)
class BroadcastRecord:
    id: int
    admin_id: int | None
    origin: str
    texts: dict[str, str]
    audience: Audience
    recipients: int
    status: str
    sent: int
    blocked: int
    failed: int
    created_at: str
    finished_at: str | None
    #: The broadcast is a poll (its texts are "question\noption\n...").
    poll: bool = False


@dataclass(slots=True)
class FanOut:
    """Rows a fan-out wrote: outbox rows per language and digest items."""

    instant: dict[str, int] = field(default_factory=dict)
    digest: int = 0

    @property
    def total(self) -> int:
        return sum(self.instant.values()) + self.digest


def _counts(rows: Sequence[Any]) -> Counts:
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


async def _enqueue_selection(
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


class OutboxStore(LeaseSide):
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- enqueueing ---------------------------------------------------------------------

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

    async def fan_out_post(
        self,
        post_id: int,
        kind: MessageKind,
        texts: Mapping[str, Outgoing],
        selection: Selection,
        default_language: str,
    ) -> FanOut:
        """Queue a new post for the matching chats and mark it announced, atomically.

        ``texts`` holds the rendered text per effective language; 'instant' chats get an
        outbox row, digest chats a digest item. Running it twice queues nothing twice.
        """
        result = FanOut()
        async with self.db.transaction() as connection:
            for language, text in texts.items():
                message_id = await insert_message(
                    connection,
                    kind=kind,
                    text=text,
                    parse_mode="HTML",
                    language=language,
                    dedupe_key=f"{kind}:{post_id}:{language}",
                    post_id=post_id,
                )
                inserted = await _enqueue_selection(
                    connection,
                    message_id,
                    selection,
                    extra_where=f"AND s.frequency = 'instant' AND {EFFECTIVE_LANGUAGE} = ? "
                    + NOT_ALERTED,
                    extra_params=(default_language, language, post_id),
                )
                if inserted:
                    result.instant[language] = inserted
            cursor = await connection.execute(
                "INSERT OR IGNORE INTO digest_items (chat_id, post_id) "  # noqa: S608
                f"SELECT s.chat_id, ? FROM subscribers s WHERE ({selection.where}) "
                "AND s.frequency != 'instant'",
                (post_id, *selection.params),
            )
            result.digest = max(cursor.rowcount, 0)
            await connection.execute(
                f"UPDATE post_notifications SET status = 'done', done_at = {_NOW} "  # noqa: S608
                "WHERE post_id = ?",
                (post_id,),
            )
        return result

    # -- posts awaiting announcement ------------------------------------------------------

    async def new_posts(self) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT post_id FROM post_notifications WHERE status = 'new' ORDER BY post_id"
        )
        return [int(row[0]) for row in rows]

    async def skip_posts(self, post_ids: Collection[int] | None = None) -> int:
        """Mark posts as backlog never to announce (all 'new' ones when ``post_ids`` is None)."""
        async with self.db.transaction() as connection:
            if post_ids is None:
                cursor = await connection.execute(
                    f"UPDATE post_notifications SET status = 'skipped', done_at = {_NOW} "  # noqa: S608
                    "WHERE status = 'new'"
                )
                return max(cursor.rowcount, 0)
            before = connection.total_changes
            await connection.executemany(
                f"UPDATE post_notifications SET status = 'skipped', done_at = {_NOW} "  # noqa: S608
                "WHERE status = 'new' AND post_id = ?",
                [(post_id,) for post_id in post_ids],
            )
            return connection.total_changes - before

    async def get_state(self, name: str) -> str | None:
        row = await self.db.fetchone("SELECT value FROM notifier_state WHERE name = ?", (name,))
        return str(row[0]) if row else None

    async def set_state(self, name: str, value: str) -> None:
        async with self.db.transaction() as connection:
            await connection.execute(
                "INSERT INTO notifier_state (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    # -- broadcasts -----------------------------------------------------------------------

    async def create_broadcast(
        self,
        *,
        admin_id: int | None,
        origin: Literal["bot", "cli"],
        texts: Mapping[str, str],
        per_language: Mapping[str, Outgoing],
        audience: Audience,
        selection: Selection,
        default_language: str,
        within: Callable[[aiosqlite.Connection, int], Awaitable[None]] | None = None,
        poll: bool = False,
    ) -> tuple[int, int]:
        """Record the broadcast and queue it, atomically; (broadcast id, recipients).

        ``texts`` is what staff wrote (kept for the audit); ``per_language`` the rendered
        text each effective language receives. ``within(connection, broadcast_id)`` runs in
        the same transaction (a planned broadcast is marked fired with it, so a crash can
        neither lose nor repeat it).
        """
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "INSERT INTO broadcasts (admin_id, origin, texts, audience, poll)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    admin_id,
                    origin,
                    json.dumps(dict(texts), ensure_ascii=False, sort_keys=True),
                    audience.to_json(),
                    int(poll),
                ),
            )
            broadcast_id = cursor.lastrowid
            assert broadcast_id is not None
            recipients = 0
            for language, text in per_language.items():
                message_id = await insert_message(
                    connection,
                    kind="broadcast",
                    text=text,
                    parse_mode="HTML",
                    language=language,
                    broadcast_id=broadcast_id,
                )
                recipients += await _enqueue_selection(
                    connection,
                    message_id,
                    selection,
                    extra_where=f"AND {EFFECTIVE_LANGUAGE} = ?",
                    extra_params=(default_language, language),
                )
            await connection.execute(
                "UPDATE broadcasts SET recipients = ? WHERE id = ?", (recipients, broadcast_id)
            )
            if recipients == 0:
                await connection.execute(
                    f"UPDATE broadcasts SET status = 'done', finished_at = {_NOW} "  # noqa: S608
                    "WHERE id = ?",
                    (broadcast_id,),
                )
            if within is not None:
                await within(connection, broadcast_id)
        return broadcast_id, recipients

    async def broadcast_counts(self, broadcast_id: int) -> Counts:
        rows = await self.db.fetchall(
            """SELECT o.status, count(*) AS n, sum(o.last_error IS NOT NULL) AS r
               FROM outbox o JOIN outbox_messages m ON m.id = o.message_id
               WHERE m.broadcast_id = ? GROUP BY o.status""",
            (broadcast_id,),
        )
        return _counts(rows)

    async def finish_broadcast(self, broadcast_id: int) -> Counts:
        """Store the final outcome counts in the audit row."""
        counts = await self.broadcast_counts(broadcast_id)
        async with self.db.transaction() as connection:
            await connection.execute(
                f"""UPDATE broadcasts
                       SET status = CASE status WHEN 'cancelled' THEN status ELSE 'done' END,
                       finished_at = coalesce(finished_at, {_NOW}),
                       sent = ?, blocked = ?, failed = ? WHERE id = ?""",  # noqa: S608
                (counts.sent, counts.blocked, counts.failed, broadcast_id),
            )
        return counts

    async def broadcasts_done(self) -> int:
        """How many broadcasts have gone out to the end (the audit's finished rows)."""
        row = await self.db.fetchone("SELECT count(*) FROM broadcasts WHERE status = 'done'")
        return int(row[0]) if row else 0

    async def set_progress(
        self, broadcast_id: int, chat_id: int, message_id: int, language: str
    ) -> None:
        """Remember the staff member's progress message, so a restarted bot edits it on."""
        async with self.db.transaction() as connection:
            await connection.execute(
                "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ?, "
                "progress_language = ? WHERE id = ?",
                (chat_id, message_id, language, broadcast_id),
            )

    async def progress_message(self, broadcast_id: int) -> tuple[int, int, str] | None:
        """(chat id, message id, language) of the broadcast's progress message, if any."""
        row = await self.db.fetchone(
            "SELECT progress_chat_id, progress_message_id, progress_language FROM broadcasts "
            "WHERE id = ? AND progress_message_id IS NOT NULL",
            (broadcast_id,),
        )
        return None if row is None else (int(row[0]), int(row[1]), str(row[2] or "en"))

    async def recipients_of(self, broadcast_id: int) -> int:
        row = await self.db.fetchone(
            "SELECT recipients FROM broadcasts WHERE id = ?", (broadcast_id,)
        )
        return int(row[0]) if row else 0

    async def unfinished_broadcasts(self) -> list[int]:
        rows = await self.db.fetchall("SELECT id FROM broadcasts WHERE status = 'running'")
        return [int(row[0]) for row in rows]

    async def broadcasts(self, *, limit: int = 20) -> list[BroadcastRecord]:
        rows = await self.db.fetchall("SELECT * FROM broadcasts ORDER BY id DESC LIMIT ?", (limit,))
        return [
            BroadcastRecord(
                id=int(row["id"]),
                admin_id=row["admin_id"],
                origin=row["origin"],
                texts=json.loads(row["texts"]),
                audience=Audience.from_json(row["audience"]),
                recipients=int(row["recipients"]),
                status=row["status"],
                sent=int(row["sent"]),
                blocked=int(row["blocked"]),
                failed=int(row["failed"]),
                created_at=row["created_at"],
                finished_at=row["finished_at"],
                poll=bool(row["poll"]),
            )
            for row in rows
        ]

    # -- the dispatcher's side ------------------------------------------------------------

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
        return _counts(rows)

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

    async def prune(self, *, older_than_days: int = 30) -> int:
        """Forget finished rows older than the given age (the broadcast audit stays)."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                """DELETE FROM outbox WHERE status IN ('sent', 'blocked', 'failed')
                   AND finished_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)""",
                (f"-{older_than_days} days",),
            )
            return max(cursor.rowcount, 0)
