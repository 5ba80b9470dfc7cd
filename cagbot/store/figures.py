"""Aggregates for funders' reports (``cagbot stats --csv``): counts only, never a chat id,
a name or a message text. Each row is (figure, key, count)."""

from __future__ import annotations

from dataclasses import dataclass

from cagbot.store.database import Database


@dataclass(frozen=True, slots=True)
class Figure:
    figure: str
    key: str
    count: int


_ACTIVE = "s.subscribed = 1 AND s.active = 1"


class FiguresStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def all(self, default_language: str) -> list[Figure]:
        figures: list[Figure] = []
        queries: list[tuple[str, str, tuple[object, ...]]] = [
            (
                "subscribers_by_language",
                f"""SELECT coalesce(s.language, s.telegram_language, ?) AS k, count(*)
                    FROM subscribers s WHERE {_ACTIVE} GROUP BY k ORDER BY k""",  # noqa: S608
                (default_language,),
            ),
            (
                "subscribers_by_topic",
                f"""SELECT t.topic AS k, count(*) FROM subscriber_topics t
                    JOIN subscribers s ON s.chat_id = t.chat_id
                    WHERE {_ACTIVE} GROUP BY k ORDER BY k""",  # noqa: S608
                (),
            ),
            (
                # The month each current subscriber (re)subscribed in.
                "subscribers_by_month",
                f"""SELECT coalesce(substr(s.subscribed_at, 1, 7), 'unknown') AS k, count(*)
                    FROM subscribers s WHERE {_ACTIVE} GROUP BY k ORDER BY k""",  # noqa: S608
                (),
            ),
            (
                "subscribers_by_chat_type",
                f"""SELECT s.chat_type AS k, count(*) FROM subscribers s
                    WHERE {_ACTIVE} GROUP BY k ORDER BY k""",  # noqa: S608
                (),
            ),
        ]
        for name, sql, params in queries:
            for row in await self.db.fetchall(sql, params):
                figures.append(Figure(name, str(row[0]), int(row[1])))
        # Deliveries per broadcast, by outcome; the key names the broadcast by number and
        # day, not by who sent it or what it said. Finished ones from the audit row (their
        # outbox rows are pruned after a while), running ones from the outbox.
        rows = await self.db.fetchall(
            """SELECT id, substr(created_at, 1, 10) AS day, status, recipients, sent, blocked,
                      failed, finished_at FROM broadcasts ORDER BY id"""
        )
        live: dict[int, dict[str, int]] = {}
        for row in rows:
            if row["finished_at"] is None:
                # Still going out (or cancelled with sends on the wire): count the outbox,
                # through the per-broadcast index, not one join over every row.
                by_status = await self.db.fetchall(
                    """SELECT o.status, count(*) FROM outbox_messages m
                       JOIN outbox o ON o.message_id = m.id
                       WHERE m.broadcast_id = ? GROUP BY o.status""",
                    (row["id"],),
                )
                live[int(row["id"])] = {str(c[0]): int(c[1]) for c in by_status}
        for row in rows:
            key = f"broadcast {row['id']} {row['day']} {row['status']}"
            counts = live.get(int(row["id"]))
            for outcome in ("recipients", "sent", "blocked", "failed"):
                if counts is not None and outcome != "recipients":
                    value = counts.get(outcome, 0)
                else:
                    value = int(row[outcome] or 0)
                figures.append(Figure(f"broadcast_{outcome}", key, value))
        # Posts to channels and forum topics, by the destination's language and month, by
        # outcome (a channel is named by its language, never by its id).
        rows = await self.db.fetchall(
            """SELECT coalesce(c.language, 'all') AS lang, substr(cp.queued_at, 1, 7) AS month,
                      coalesce(o.status, 'pruned') AS status, count(*) AS n
               FROM channel_posts cp
               JOIN channels c ON c.chat_id = cp.chat_id
               LEFT JOIN outbox_messages m
                    ON m.dedupe_key = 'channel:' || cp.post_id || ':' || cp.chat_id
               LEFT JOIN outbox o ON o.message_id = m.id AND o.chat_id = cp.chat_id
               GROUP BY lang, month, status ORDER BY lang, month, status"""
        )
        for row in rows:
            figures.append(
                Figure(
                    f"channel_posts_{row['status']}", f"{row['lang']} {row['month']}", int(row["n"])
                )
            )
        return figures
