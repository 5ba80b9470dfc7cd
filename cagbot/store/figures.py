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

    async def _live_counts(self, broadcast_id: int) -> dict[str, int]:
        """A running broadcast's deliveries by status: per message (one per language), each
        a walk of the ``outbox_message_status`` index in status order (a join grouped by
        status sorted a million rows)."""
        counts: dict[str, int] = {}
        messages = await self.db.fetchall(
            "SELECT id FROM outbox_messages WHERE broadcast_id = ?", (broadcast_id,)
        )
        for message in messages:
            for status, count in await self.db.fetchall(
                "SELECT status, count(*) FROM outbox WHERE message_id = ? GROUP BY status",
                (message[0],),
            ):
                counts[str(status)] = counts.get(str(status), 0) + int(count)
        return counts

    async def _subscribers(self, default_language: str) -> list[Figure]:
        """Current subscribers by language, topic, month (they (re)subscribed in) and chat
        type. Language, month and type come from one walk of the ``subscribers_figures``
        index (migration 0015), grouped in its order: at a million subscribers three scans
        of the table with a sort each took seconds."""
        rows = await self.db.fetchall(
            f"""SELECT s.language, s.telegram_language, s.chat_type,
                       substr(s.subscribed_at, 1, 7) AS month, count(*)
                FROM subscribers s INDEXED BY subscribers_figures WHERE {_ACTIVE}
                GROUP BY s.language, s.telegram_language, s.chat_type,
                         substr(s.subscribed_at, 1, 7)"""  # noqa: S608
        )
        by: dict[str, dict[str, int]] = {"language": {}, "month": {}, "chat_type": {}}
        for language, telegram, chat_type, month, count in rows:
            for name, key in (
                ("language", language or telegram or default_language),
                ("month", month or "unknown"),
                ("chat_type", chat_type),
            ):
                by[name][key] = by[name].get(key, 0) + int(count)
        topics = await self.db.fetchall(
            f"""SELECT t.topic AS k, count(*) FROM subscriber_topics t
                JOIN subscribers s ON s.chat_id = t.chat_id
                WHERE {_ACTIVE} GROUP BY k ORDER BY k"""  # noqa: S608
        )
        figures = [
            Figure("subscribers_by_language", k, n) for k, n in sorted(by["language"].items())
        ]
        figures += [Figure("subscribers_by_topic", str(row[0]), int(row[1])) for row in topics]
        figures += [Figure("subscribers_by_month", k, n) for k, n in sorted(by["month"].items())]
        figures += [
            Figure("subscribers_by_chat_type", k, n) for k, n in sorted(by["chat_type"].items())
        ]
        return figures

    async def all(self, default_language: str) -> list[Figure]:
        figures = await self._subscribers(default_language)
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
                live[int(row["id"])] = await self._live_counts(int(row["id"]))
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
