"""Ask CAG's routing: which staff-chat topic or message belongs to which person, and when
questions were asked and first answered. No question or answer text is ever stored here
(it lives in Telegram only); /forget clears ``chat_id`` (cagbot.store.privacy), after which
a thread names nobody and staff replies to it go nowhere.
"""

from __future__ import annotations

import sqlite3
import statistics
from dataclasses import dataclass

from cagbot.store.database import Database

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
_THREAD = "id, chat_id, inbox_chat_id, topic_id, language, closed_at, blocked_told"


@dataclass(frozen=True, slots=True)
class Thread:
    id: int
    chat_id: int | None  # None: the person used /forget
    inbox_chat_id: int
    topic_id: int | None
    language: str
    closed: bool
    blocked_told: bool


@dataclass(frozen=True, slots=True)
class QuestionStats:
    """Counts and times only, never contents (for /stats)."""

    asked: int
    answered: int
    open_threads: int
    median_first_answer_seconds: float | None


def _thread(row: sqlite3.Row | None) -> Thread | None:
    if row is None:
        return None
    return Thread(
        id=int(row["id"]),
        chat_id=None if row["chat_id"] is None else int(row["chat_id"]),
        inbox_chat_id=int(row["inbox_chat_id"]),
        topic_id=None if row["topic_id"] is None else int(row["topic_id"]),
        language=str(row["language"]),
        closed=row["closed_at"] is not None,
        blocked_told=bool(row["blocked_told"]),
    )


class QuestionStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def open_thread(self, chat_id: int) -> Thread | None:
        """The person's open thread (their next question threads under it), if any."""
        return _thread(
            await self.db.fetchone(
                f"""SELECT {_THREAD} FROM question_threads
                    WHERE chat_id = ? AND closed_at IS NULL""",  # noqa: S608 - constant
                (chat_id,),
            )
        )

    async def start_thread(self, chat_id: int, inbox_chat_id: int, language: str) -> Thread:
        """The person's open thread, opened now unless one is open already."""
        async with self.db.transaction() as connection:
            await connection.execute(
                """INSERT INTO question_threads (chat_id, inbox_chat_id, language)
                   VALUES (?, ?, ?)
                   ON CONFLICT (chat_id) WHERE closed_at IS NULL AND chat_id IS NOT NULL
                   DO NOTHING""",
                (chat_id, inbox_chat_id, language),
            )
        thread = await self.open_thread(chat_id)
        assert thread is not None
        return thread

    async def get(self, thread_id: int) -> Thread | None:
        return _thread(
            await self.db.fetchone(
                f"SELECT {_THREAD} FROM question_threads WHERE id = ?",  # noqa: S608
                (thread_id,),
            )
        )

    async def set_topic(self, thread_id: int, topic_id: int) -> None:
        async with self.db.transaction() as connection:
            await connection.execute(
                "UPDATE question_threads SET topic_id = ? WHERE id = ?", (topic_id, thread_id)
            )

    async def set_language(self, thread_id: int, language: str) -> None:
        """The person now uses another language: answers come in it."""
        async with self.db.transaction() as connection:
            await connection.execute(
                "UPDATE question_threads SET language = ? WHERE id = ?", (language, thread_id)
            )

    async def add_question(self, thread_id: int, inbox_message_id: int) -> int:
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "INSERT INTO questions (thread_id, inbox_message_id) VALUES (?, ?)",
                (thread_id, inbox_message_id),
            )
            return int(cursor.lastrowid or 0)

    async def last_message(self, thread_id: int) -> int | None:
        """The staff-chat message of the thread's latest question (a plain group's next
        question replies to it, so the thread reads as one chain)."""
        row = await self.db.fetchone(
            """SELECT inbox_message_id FROM questions WHERE thread_id = ?
               ORDER BY id DESC LIMIT 1""",
            (thread_id,),
        )
        return None if row is None or row[0] is None else int(row[0])

    async def asked_within_hour(self, chat_id: int) -> int:
        """Questions the person asked in the last hour (the spam limit)."""
        row = await self.db.fetchone(
            """SELECT count(*) FROM questions q JOIN question_threads t ON t.id = q.thread_id
                WHERE t.chat_id = ?
                  AND q.asked_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')""",
            (chat_id,),
        )
        return int(row[0]) if row else 0

    async def thread_for_topic(self, inbox_chat_id: int, topic_id: int) -> Thread | None:
        """The thread a forum topic belongs to (the newest, should a topic be reused)."""
        return _thread(
            await self.db.fetchone(
                f"""SELECT {_THREAD} FROM question_threads
                    WHERE inbox_chat_id = ? AND topic_id = ?
                    ORDER BY id DESC LIMIT 1""",  # noqa: S608
                (inbox_chat_id, topic_id),
            )
        )

    async def thread_for_message(self, inbox_chat_id: int, message_id: int) -> Thread | None:
        """The thread whose question the staff-chat message ``message_id`` carries."""
        return _thread(
            await self.db.fetchone(
                f"""SELECT {_THREAD} FROM question_threads
                    WHERE inbox_chat_id = ? AND id IN (
                        SELECT thread_id FROM questions WHERE inbox_message_id = ?)
                    ORDER BY id DESC LIMIT 1""",  # noqa: S608
                (inbox_chat_id, message_id),
            )
        )

    async def answered(self, thread_id: int) -> int:
        """Staff answered: the thread's unanswered questions get their first answer time."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                f"""UPDATE questions SET answered_at = {_NOW}
                    WHERE thread_id = ? AND answered_at IS NULL""",  # noqa: S608
                (thread_id,),
            )
            return max(cursor.rowcount, 0)

    async def close(self, thread_id: int) -> bool:
        """Close the thread; False when it was closed already."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                f"""UPDATE question_threads SET closed_at = {_NOW}
                    WHERE id = ? AND closed_at IS NULL""",  # noqa: S608
                (thread_id,),
            )
            return cursor.rowcount > 0

    async def tell_blocked_once(self, thread_id: int) -> bool:
        """True the first time (staff are told once that the person blocked the bot)."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                """UPDATE question_threads SET blocked_told = 1
                   WHERE id = ? AND blocked_told = 0""",
                (thread_id,),
            )
            return cursor.rowcount > 0

    async def unblocked(self, chat_id: int) -> None:
        """The person wrote again: a later block is told again."""
        async with self.db.transaction() as connection:
            await connection.execute(
                "UPDATE question_threads SET blocked_told = 0 WHERE chat_id = ?", (chat_id,)
            )

    async def stats(self) -> QuestionStats:
        asked = await self.db.fetchone("SELECT count(*), count(answered_at) FROM questions")
        open_threads = await self.db.fetchone(
            "SELECT count(*) FROM question_threads WHERE closed_at IS NULL"
        )
        waits = await self.db.fetchall(
            """SELECT (julianday(answered_at) - julianday(asked_at)) * 86400.0
               FROM questions WHERE answered_at IS NOT NULL"""
        )
        seconds = [float(row[0]) for row in waits]
        return QuestionStats(
            asked=int(asked[0]) if asked else 0,
            answered=int(asked[1]) if asked else 0,
            open_threads=int(open_threads[0]) if open_threads else 0,
            median_first_answer_seconds=statistics.median(seconds) if seconds else None,
        )
