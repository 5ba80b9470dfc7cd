"""SQL for per-chat settings: language, time zone, subscription, topics, digest frequency.

New chats hear about every post (``content_languages = 'all'``): CAG publishes mostly in
Swedish and English, so "only my language" would leave most readers with almost nothing.

A row is keyed by chat id (a private chat's id is the user's id). Only what delivery needs
is kept: the chosen language and the language Telegram reported (mapped to sv/en/ru), never
names or usernames.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from cagbot.i18n import resolve_language
from cagbot.settings import Language
from cagbot.store.database import Database

ChatType = Literal["private", "group", "supergroup", "channel"]
ContentLanguages = Literal["mine", "all"]
#: Which calls come: kinds and places are lists (none chosen: every one); languages
#: 'all' (any, marked with the language) or 'mine' (written or translated into the chat's).
CallLanguages = Literal["mine", "all"]
Frequency = Literal["instant", "daily", "weekly"]
FREQUENCIES: tuple[Frequency, ...] = ("instant", "daily", "weekly")
CONTENT_LANGUAGES: tuple[ContentLanguages, ...] = ("mine", "all")
CHAT_TYPES: tuple[ChatType, ...] = ("private", "group", "supergroup", "channel")


@dataclass(frozen=True, slots=True)
class Subscriber:
    chat_id: int
    chat_type: ChatType
    language: str | None  # chosen with /language
    telegram_language: str | None  # from Telegram's language_code, mapped
    content_languages: ContentLanguages
    opportunity_alerts: bool
    frequency: Frequency
    subscribed: bool
    active: bool
    topics: tuple[str, ...]
    time_zone: str | None = None  # IANA name chosen in /settings; None: the language's
    #: Subscribed at some time (now, or before pausing): "paused" rather than "not yet".
    ever_subscribed: bool = False
    call_kinds: tuple[str, ...] = ()  # opportunity types; () takes every kind
    call_places: tuple[str, ...] = ()  # lexicon country slugs or 'online'; () every place
    call_languages: CallLanguages = "all"


@dataclass(frozen=True, slots=True)
class SubscriberStats:
    chats: int
    subscribed: int
    inactive: int
    by_language: dict[str, int]  # effective language of subscribed chats ("?" if unknown)
    by_topic: dict[str, int]  # subscribed chats per topic
    by_frequency: dict[str, int]


_SELECT = """
SELECT s.*, (SELECT group_concat(topic, ',') FROM subscriber_topics t
             WHERE t.chat_id = s.chat_id) AS topic_list,
       (SELECT group_concat(kind, ',') FROM subscriber_call_kinds k
        WHERE k.chat_id = s.chat_id) AS kind_list,
       (SELECT group_concat(place, ',') FROM subscriber_call_places c
        WHERE c.chat_id = s.chat_id) AS place_list
FROM subscribers s
"""
#: The tables of a chat's call filters and their value column (fixed names, never input).
_CALL_FILTERS = {"kind": "subscriber_call_kinds", "place": "subscriber_call_places"}


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(sorted(value.split(","))) if value else ()


_FOLLOWS = "SELECT 1 FROM subscriber_topics t WHERE t.chat_id = s.chat_id AND t.topic"


def _row(row: sqlite3.Row) -> Subscriber:
    return Subscriber(
        chat_id=int(row["chat_id"]),
        chat_type=row["chat_type"],
        language=row["language"],
        telegram_language=row["telegram_language"],
        content_languages=row["content_languages"],
        opportunity_alerts=bool(row["opportunity_alerts"]),
        frequency=row["frequency"],
        subscribed=bool(row["subscribed"]),
        active=bool(row["active"]),
        topics=_split(row["topic_list"]),
        time_zone=row["time_zone"],
        ever_subscribed=row["subscribed_at"] is not None,
        call_kinds=_split(row["kind_list"]),
        call_places=_split(row["place_list"]),
        call_languages=row["call_languages"],
    )


class SubscriberStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, chat_id: int) -> Subscriber | None:
        row = await self.db.fetchone(_SELECT + " WHERE s.chat_id = ?", (chat_id,))
        return _row(row) if row else None

    async def language_of(self, chat_id: int) -> tuple[str | None, str | None]:
        """(chosen, telegram) language of a chat; (None, None) when unknown. One cheap read."""
        row = await self.db.fetchone(
            "SELECT language, telegram_language FROM subscribers WHERE chat_id = ?", (chat_id,)
        )
        return (row["language"], row["telegram_language"]) if row else (None, None)

    async def language_for(self, chat_id: int, default: Language) -> Language:
        """The language the bot writes to this chat in, outside any update (staff messages,
        alerts, progress): its choice, else its Telegram language, else ``default``."""
        chosen, telegram = await self.language_of(chat_id)
        return resolve_language(chosen, telegram, default)

    async def ensure(
        self, chat_id: int, chat_type: ChatType, telegram_language: str | None = None
    ) -> Subscriber:
        """The chat's row, created with defaults if new; refreshes the Telegram language."""
        async with self.db.transaction() as connection:
            await connection.execute(
                """INSERT INTO subscribers (chat_id, chat_type, telegram_language,
                                            content_languages)
                   VALUES (?, ?, ?, 'all')
                   ON CONFLICT (chat_id) DO UPDATE SET
                       chat_type = excluded.chat_type,
                       telegram_language = coalesce(excluded.telegram_language,
                                                    subscribers.telegram_language),
                       active = 1,
                       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')""",
                (chat_id, chat_type, telegram_language),
            )
        found = await self.get(chat_id)
        assert found is not None
        return found

    async def _update(self, chat_id: int, column: str, value: object) -> Subscriber | None:
        async with self.db.transaction() as connection:
            await connection.execute(
                f"UPDATE subscribers SET {column} = ?, "  # noqa: S608 - column from a fixed set
                "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE chat_id = ?",
                (value, chat_id),
            )
        return await self.get(chat_id)

    async def time_zone_of(self, chat_id: int) -> str | None:
        """The zone a chat chose (``None``: not chosen, or no such chat). One cheap read."""
        row = await self.db.fetchone(
            "SELECT time_zone FROM subscribers WHERE chat_id = ?", (chat_id,)
        )
        return row["time_zone"] if row else None

    async def set_time_zone(self, chat_id: int, time_zone: str | None) -> Subscriber | None:
        """Choose a zone (an IANA name; validate before) or ``None`` for the default."""
        return await self._update(chat_id, "time_zone", time_zone)

    async def digest_chats(self, default_language: str) -> list[tuple[int, str | None, str]]:
        """(chat_id, chosen zone, effective language) of reachable chats with digest items
        waiting: who may be due a digest, so the notifier can judge each local hour."""
        rows = await self.db.fetchall(
            """SELECT s.chat_id, s.time_zone,
                      coalesce(s.language, s.telegram_language, ?) AS lang
               FROM subscribers s
               WHERE s.subscribed = 1 AND s.active = 1
                 AND EXISTS (SELECT 1 FROM digest_items d WHERE d.chat_id = s.chat_id)
               ORDER BY s.chat_id""",
            (default_language,),
        )
        return [(int(row["chat_id"]), row["time_zone"], str(row["lang"])) for row in rows]

    async def set_language(self, chat_id: int, language: str | None) -> Subscriber | None:
        return await self._update(chat_id, "language", language)

    async def set_subscribed(self, chat_id: int, subscribed: bool) -> Subscriber | None:
        return await self._update(chat_id, "subscribed", int(subscribed))

    async def set_content_languages(
        self, chat_id: int, value: ContentLanguages
    ) -> Subscriber | None:
        return await self._update(chat_id, "content_languages", value)

    async def set_opportunity_alerts(self, chat_id: int, on: bool) -> Subscriber | None:
        return await self._update(chat_id, "opportunity_alerts", int(on))

    async def set_frequency(self, chat_id: int, frequency: Frequency) -> Subscriber | None:
        return await self._update(chat_id, "frequency", frequency)

    async def set_call_languages(self, chat_id: int, value: CallLanguages) -> Subscriber | None:
        return await self._update(chat_id, "call_languages", value)

    async def toggle_call_filter(
        self, chat_id: int, column: Literal["kind", "place"], value: str
    ) -> Subscriber | None:
        """Add or remove one kind or place of call (validate ``value`` before)."""
        table = _CALL_FILTERS[column]
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                f"DELETE FROM {table} WHERE chat_id = ? AND {column} = ?",  # noqa: S608
                (chat_id, value),
            )
            if cursor.rowcount == 0:
                await connection.execute(
                    f"INSERT INTO {table} (chat_id, {column}) "  # noqa: S608
                    "SELECT chat_id, ? FROM subscribers WHERE chat_id = ?",
                    (value, chat_id),
                )
        return await self.get(chat_id)

    async def clear_call_filter(
        self, chat_id: int, column: Literal["kind", "place"]
    ) -> Subscriber | None:
        """Every kind (or place) again: the chosen ones are forgotten."""
        table = _CALL_FILTERS[column]
        async with self.db.transaction() as connection:
            await connection.execute(
                f"DELETE FROM {table} WHERE chat_id = ?",  # noqa: S608
                (chat_id,),
            )
        return await self.get(chat_id)

    async def set_active(self, chat_id: int, active: bool) -> Subscriber | None:
        """``active=False`` when Telegram says the bot was blocked or removed."""
        return await self._update(chat_id, "active", int(active))

    async def toggle_topic(self, chat_id: int, topic: str) -> Subscriber | None:
        async with self.db.transaction() as connection:
            cursor = await connection.execute(
                "DELETE FROM subscriber_topics WHERE chat_id = ? AND topic = ?", (chat_id, topic)
            )
            if cursor.rowcount == 0:
                await connection.execute(
                    "INSERT INTO subscriber_topics (chat_id, topic) "
                    "SELECT chat_id, ? FROM subscribers WHERE chat_id = ?",
                    (topic, chat_id),
                )
        return await self.get(chat_id)

    async def set_topics(self, chat_id: int, topics: Iterable[str]) -> Subscriber | None:
        async with self.db.transaction() as connection:
            await connection.execute("DELETE FROM subscriber_topics WHERE chat_id = ?", (chat_id,))
            await connection.executemany(
                "INSERT INTO subscriber_topics (chat_id, topic) "
                "SELECT chat_id, ? FROM subscribers WHERE chat_id = ?",
                [(topic, chat_id) for topic in dict.fromkeys(topics)],
            )
        return await self.get(chat_id)

    async def subscribed(self, *, topics: Sequence[str] | None = None) -> list[Subscriber]:
        """Active, subscribed chats; with ``topics``, those following at least one of them."""
        sql = _SELECT + " WHERE s.subscribed = 1 AND s.active = 1"
        params: list[object] = []
        if topics is not None:
            marks = ",".join("?" * len(topics))
            sql += f" AND EXISTS ({_FOLLOWS} IN ({marks}))"
            params.extend(topics)
        rows = await self.db.fetchall(sql + " ORDER BY s.chat_id", params)
        return [_row(row) for row in rows]

    async def stats(self, default_language: str) -> SubscriberStats:
        totals = await self.db.fetchone(
            """SELECT count(*) AS chats,
                      coalesce(sum(subscribed = 1 AND active = 1), 0) AS subscribed,
                      coalesce(sum(active = 0), 0) AS inactive
               FROM subscribers"""
        )
        assert totals is not None
        languages = await self.db.fetchall(
            """SELECT coalesce(language, telegram_language, ?) AS lang, count(*) AS n
               FROM subscribers WHERE subscribed = 1 AND active = 1
               GROUP BY lang ORDER BY n DESC, lang""",
            (default_language,),
        )
        topics = await self.db.fetchall(
            """SELECT t.topic, count(*) AS n FROM subscriber_topics t
               JOIN subscribers s ON s.chat_id = t.chat_id
               WHERE s.subscribed = 1 AND s.active = 1
               GROUP BY t.topic ORDER BY n DESC, t.topic"""
        )
        frequencies = await self.db.fetchall(
            """SELECT frequency, count(*) AS n FROM subscribers
               WHERE subscribed = 1 AND active = 1 GROUP BY frequency ORDER BY n DESC"""
        )
        return SubscriberStats(
            chats=int(totals["chats"]),
            subscribed=int(totals["subscribed"]),
            inactive=int(totals["inactive"]),
            by_language={row["lang"]: int(row["n"]) for row in languages},
            by_topic={row["topic"]: int(row["n"]) for row in topics},
            by_frequency={row["frequency"]: int(row["n"]) for row in frequencies},
        )
