"""SQL for quick polls: the latest totals Telegram reports for every poll a broadcast sent.

Each recipient of a poll broadcast gets a poll of their own (every ``sendPoll`` makes one),
so the bot receives totals per poll and adds them up per broadcast and language. A poll's
row holds its id, broadcast, language and option counts only, and no other row holds the
poll id (not the outbox row that sent it): nothing ties a chat to what it answered.
Anonymous polls carry no voters; the bot never asks for ``poll_answer`` updates.

Rows are keyed by a hash of the poll id (:func:`poll_key`), not the id: Telegram's ids may
grow with time, and a table ordered by them would line up with the outbox's order of
sending, that is, with its chats. A hash has no order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from cagbot.store.database import Database


def poll_key(poll_id: str) -> str:
    """The key a poll's totals are kept under: a hash of Telegram's poll id (no order)."""
    return hashlib.sha256(poll_id.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class PollTotals:
    """One language's version of a poll broadcast: its question, options and votes."""

    language: str
    question: str
    options: tuple[str, ...]
    votes: tuple[int, ...]
    #: How many polls of this language went out (one per recipient reached).
    polls: int

    @property
    def total(self) -> int:
        return sum(self.votes)


class PollStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def update(self, poll_id: str, counts: Sequence[int]) -> None:
        """Telegram's latest totals for one poll (a ``poll`` update). Kept even before the
        send that made the poll is recorded (a quick voter); a poll that never turns out to
        be a broadcast's counts nowhere (:meth:`forget_strays`)."""
        async with self.db.transaction() as connection:
            await connection.execute(
                "INSERT INTO poll_totals (poll_key, counts) VALUES (?, ?) "
                "ON CONFLICT (poll_key) DO UPDATE SET counts = excluded.counts",
                (poll_key(poll_id), json.dumps([int(count) for count in counts])),
            )

    async def forget_strays(self) -> int:
        """Remove totals of polls no broadcast sent (run with the outbox's pruning)."""
        async with self.db.transaction() as connection:
            cursor = await connection.execute("DELETE FROM poll_totals WHERE broadcast_id IS NULL")
            return max(cursor.rowcount, 0)

    async def latest(self, limit: int) -> list[int]:
        """The ids of the newest poll broadcasts, newest first."""
        rows = await self.db.fetchall(
            "SELECT id FROM broadcasts WHERE poll = 1 ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [int(row[0]) for row in rows]

    async def totals(self, broadcast_id: int) -> list[PollTotals]:
        """Per language the broadcast's poll went out in: the votes per option, summed over
        every recipient's poll (languages in the order of their first message)."""
        messages = await self.db.fetchall(
            "SELECT language, poll FROM outbox_messages "
            "WHERE broadcast_id = ? AND poll IS NOT NULL ORDER BY id",
            (broadcast_id,),
        )
        rows = await self.db.fetchall(
            "SELECT language, counts FROM poll_totals WHERE broadcast_id = ?", (broadcast_id,)
        )
        sums: dict[str, list[int]] = {}
        polls: dict[str, int] = {}
        for row in rows:
            language = str(row["language"])
            polls[language] = polls.get(language, 0) + 1
            into = sums.setdefault(language, [])
            for index, count in enumerate(json.loads(row["counts"])):
                if index >= len(into):
                    into.append(0)
                into[index] += int(count)
        result = []
        for message in messages:
            language = str(message["language"] or "")
            poll = json.loads(message["poll"])
            options = tuple(str(option) for option in poll["options"])
            votes = sums.get(language, [])
            result.append(
                PollTotals(
                    language,
                    str(poll["question"]),
                    options,
                    tuple(votes[i] if i < len(votes) else 0 for i in range(len(options))),
                    polls.get(language, 0),
                )
            )
        return result
