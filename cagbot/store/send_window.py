"""Telegram's overall limit shared through the database by every process that sends for
the bot (the bot, ``cagbot broadcast`` runs): the SQL of :mod:`cagbot.notify.pacer`'s
shared window.

A send takes a slot when fewer than ``limit`` slots are in the window: on the wire (no
answer yet) or answered within the last ``window`` seconds. The count and the insert are
one transaction, so two processes never both take the 30th slot, whatever their demand;
a restarted process finds the sends of its previous life here. A slot of a process that
died is taken as answered when that is noticed (its sends reached Telegram or never will).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from cagbot.store.database import Database
from cagbot.store.waiting import pid_alive

#: Slots answered longer ago than this are deleted (the windows are a second long).
_KEEP = 60.0
#: Seconds between looks for the slots of dead processes (each costs a window's share).
_SWEEP_EVERY = 0.25
#: A slot on the wire longer than this is taken as answered (read timeouts are 15 s).
_ON_THE_WIRE_AT_MOST = 30.0


class SendWindowStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._pid = os.getpid()
        self._swept = 0.0

    async def take(
        self,
        limit: int,
        window: float,
        *,
        answered: Sequence[tuple[int, float]] = (),
        want: int = 1,
    ) -> tuple[list[int], float]:
        """(up to ``want`` slot ids, 0) when sends may go now, else ([], seconds to wait
        first). ``answered``: (slot id, unix time) of this process's sends answered since
        its last call, recorded first."""
        async with self.db.transaction() as connection:
            now = time.time()  # once the write lock is ours
            if answered:
                await connection.executemany(
                    "UPDATE send_slots SET done = ? WHERE id = ?",
                    [(at, slot) for slot, at in answered],
                )
            if now - self._swept > _SWEEP_EVERY:
                self._swept = now
                await self._sweep(now)
            async with connection.execute(
                "SELECT count(*), min(done) FROM send_slots WHERE done IS NULL OR done > ?",
                (now - window,),
            ) as cursor:
                row = await cursor.fetchone()
            busy, oldest = (int(row[0]), row[1]) if row else (0, None)
            if busy >= limit:
                # The oldest answered slot leaves the window first; with none answered
                # (all on the wire), look again shortly.
                wait = (float(oldest) + window - now) if oldest is not None else 0.01
                return [], max(wait, 0.001)
            taken = []
            for _ in range(min(want, limit - busy)):
                cursor = await connection.execute(
                    "INSERT INTO send_slots (pid, started) VALUES (?, ?)", (self._pid, now)
                )
                assert cursor.lastrowid is not None
                taken.append(cursor.lastrowid)
            return taken, 0.0

    async def give_back(self, slots: Sequence[int]) -> None:
        """Slots taken but not used (nothing was sent with them)."""
        if slots:
            async with self.db.transaction() as connection:
                await connection.executemany(
                    "DELETE FROM send_slots WHERE id = ?", [(slot,) for slot in slots]
                )

    async def answered(self, slots: Sequence[tuple[int, float]]) -> None:
        """Record when the answers of sends came back (slot id, unix time)."""
        if not slots:
            return
        async with self.db.transaction() as connection:
            await connection.executemany(
                "UPDATE send_slots SET done = ? WHERE id = ?", [(at, s) for s, at in slots]
            )

    async def sent_since(self, seconds: float) -> int:
        """Slots taken in the last ``seconds`` (by every process)."""
        row = await self.db.fetchone(
            "SELECT count(*) FROM send_slots WHERE started >= ?", (time.time() - seconds,)
        )
        return int(row[0]) if row else 0

    async def _sweep(self, now: float) -> None:
        connection = self.db.connection
        await connection.execute("DELETE FROM send_slots WHERE done < ?", (now - _KEEP,))
        async with connection.execute(
            "SELECT DISTINCT pid FROM send_slots WHERE done IS NULL AND pid != ?", (self._pid,)
        ) as cursor:
            pids = [int(row[0]) for row in await cursor.fetchall()]
        dead = [pid for pid in pids if not pid_alive(pid)]
        await connection.executemany(
            "UPDATE send_slots SET done = ? WHERE done IS NULL AND pid = ?",
            [(now, pid) for pid in dead],
        )
        await connection.execute(
            "UPDATE send_slots SET done = ? WHERE done IS NULL AND started < ?",
            (now, now - _ON_THE_WIRE_AT_MOST),
        )
