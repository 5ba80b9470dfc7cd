"""Read-only SQL that selects subscribers: broadcast audiences and the matching of new posts.

The selections are SQL fragments over ``subscribers s`` so the outbox can fan out with one
``INSERT ... SELECT`` per language instead of pulling 100,000 chat ids into Python.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from cagbot.store.database import Database

AudienceKind = Literal["all", "language", "topic"]
AUDIENCE_KINDS: tuple[AudienceKind, ...] = ("all", "language", "topic")

#: A chat's effective language: chosen, else from Telegram, else the bot's default (a param).
EFFECTIVE_LANGUAGE = "coalesce(s.language, s.telegram_language, ?)"

_REACHABLE = "s.subscribed = 1 AND s.active = 1"


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a staff broadcast goes to: every subscriber, one language, or one topic."""

    kind: AudienceKind = "all"
    value: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in AUDIENCE_KINDS:
            raise ValueError(f"unknown audience kind {self.kind!r}")
        if (self.kind == "all") != (self.value is None):
            raise ValueError("audience 'all' takes no value; 'language' and 'topic' need one")

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "value": self.value}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Audience:
        data = json.loads(text)
        return cls(kind=data["kind"], value=data.get("value"))


@dataclass(frozen=True, slots=True)
class Selection:
    """A ``WHERE`` condition over ``subscribers s`` and its parameters."""

    where: str
    params: tuple[Any, ...]


def audience_selection(audience: Audience, default_language: str) -> Selection:
    if audience.kind == "language":
        return Selection(
            f"{_REACHABLE} AND {EFFECTIVE_LANGUAGE} = ?", (default_language, audience.value)
        )
    if audience.kind == "topic":
        # A chat that picked no topics follows every topic (as for new posts), so a
        # broadcast about one topic reaches it too; the preview counts the same rows.
        return Selection(
            f"{_REACHABLE} AND (NOT EXISTS (SELECT 1 FROM subscriber_topics t"  # noqa: S608
            " WHERE t.chat_id = s.chat_id) OR EXISTS (SELECT 1 FROM subscriber_topics t"
            " WHERE t.chat_id = s.chat_id AND t.topic = ?))",
            (audience.value,),
        )
    return Selection(_REACHABLE, ())


#: The post is written in the chat's effective language, or has a version with a title in
#: it (two parameters: the default language, twice).
_READABLE = f"""({EFFECTIVE_LANGUAGE} = p.language
        OR EXISTS (SELECT 1 FROM post_versions v
                   WHERE v.post_id = p.id AND v.title IS NOT NULL
                     AND v.language = {EFFECTIVE_LANGUAGE}))"""  # noqa: S608 - constants

#: A call's kind, place and language match the chat's call filters (a filter without rows
#: takes every value). A call tagged with no place matches only a chat that left places
#: open: "internships in Kyrgyzstan" is a promise not to send calls from elsewhere.
_CALL_FILTERS = f"""s.opportunity_alerts = 1
        AND (NOT EXISTS (SELECT 1 FROM subscriber_call_kinds k WHERE k.chat_id = s.chat_id)
             OR EXISTS (SELECT 1 FROM subscriber_call_kinds k
                        JOIN opportunities o ON o.type = k.kind
                        WHERE k.chat_id = s.chat_id AND o.post_id = p.id))
        AND (NOT EXISTS (SELECT 1 FROM subscriber_call_places c WHERE c.chat_id = s.chat_id)
             OR EXISTS (SELECT 1 FROM subscriber_call_places c
                        JOIN post_countries pc ON pc.country = c.place
                        WHERE c.chat_id = s.chat_id AND pc.post_id = p.id))
        AND (s.call_languages = 'all' OR {_READABLE})"""  # noqa: S608 - constant fragments


def post_selection(post_id: int, default_language: str) -> Selection:
    """Subscribers a new post or opportunity is for, whatever their delivery frequency
    (instant deliveries and digest items are both chosen by it).

    A post matches the topics (a chat without topics follows everything) and the language
    choice ('mine': the post is written in the chat's effective language or a person
    translated it into it, i.e. it has a version with a title in that language; 'all': any). An
    opportunity goes to every chat with opportunity alerts on whose call filters it matches
    (kinds, places, languages; see ``_CALL_FILTERS``). Never to a chat that subscribed
    after the post was published: new subscribers do not get the backlog.
    """
    where = f"""{_REACHABLE}
        AND EXISTS (
            SELECT 1 FROM posts p
            WHERE p.id = ?
              AND julianday(coalesce(p.published_at, p.created_at))
                  >= julianday(coalesce(s.subscribed_at, s.created_at))
              AND CASE p.kind
                  WHEN 'opportunity' THEN {_CALL_FILTERS}
                  ELSE (s.content_languages = 'all' OR {_READABLE})
                       AND (NOT EXISTS (SELECT 1 FROM subscriber_topics t
                                        WHERE t.chat_id = s.chat_id)
                            OR EXISTS (SELECT 1 FROM subscriber_topics t
                                       JOIN post_topics pt ON pt.topic = t.topic
                                       WHERE t.chat_id = s.chat_id AND pt.post_id = p.id))
                  END)"""  # noqa: S608 - constant fragments only
    return Selection(where, (post_id, *(default_language,) * 4))


class AudienceStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def count(self, selection: Selection) -> int:
        row = await self.db.fetchone(
            f"SELECT count(*) FROM subscribers s WHERE {selection.where}",  # noqa: S608
            selection.params,
        )
        return int(row[0]) if row else 0

    async def by_language(self, selection: Selection, default_language: str) -> dict[str, int]:
        """Recipients per effective language, for previews and per-language rendering."""
        rows = await self.db.fetchall(
            f"SELECT {EFFECTIVE_LANGUAGE} AS lang, count(*) AS n FROM subscribers s "  # noqa: S608
            f"WHERE {selection.where} GROUP BY lang ORDER BY lang",
            (default_language, *selection.params),
        )
        return {str(row["lang"]): int(row["n"]) for row in rows}

    async def chat_ids(self, selection: Selection) -> list[int]:
        rows = await self.db.fetchall(
            f"SELECT s.chat_id FROM subscribers s WHERE {selection.where} "  # noqa: S608
            "ORDER BY s.chat_id",
            selection.params,
        )
        return [int(row[0]) for row in rows]
