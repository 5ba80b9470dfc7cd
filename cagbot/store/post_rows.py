"""How a post is stored: the ``posts`` row of a draft, the SELECT that reads a post with its
topics, countries, former titles and opportunity details, and that row read back as a
:class:`~cagbot.models.Post`. :mod:`.posts` and :mod:`.post_batches` both use it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime

from cagbot.models import TEXT_FIELDS, OpportunityDetails, Post, PostDraft, Version


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def _parse_moment(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def normal(draft: PostDraft, key: str | None = None) -> PostDraft:
    """Canonical form, so that comparing drafts ignores tag order and naive datetimes
    (with ``key`` for its key: one copy of the draft, not two)."""
    published = _parse_moment(_iso(draft.published))
    return replace(
        draft,
        key=draft.key if key is None else key,
        topics=tuple(sorted(set(draft.topics))),
        countries=tuple(sorted(set(draft.countries))),
        published=published,
        former_titles=tuple(sorted(set(draft.former_titles) - {draft.title})),
        translation_links=dict(sorted(draft.translation_links.items())),
        versions={code: v for code, v in sorted(draft.versions.items()) if code != draft.language},
    )


SELECT_POSTS = """
SELECT p.*, o.type AS o_type, o.location AS o_location, o.duration AS o_duration,
       o.deadline AS o_deadline, o.how_to_apply AS o_how_to_apply, o.apply_url AS o_apply_url,
       o.is_open AS o_is_open, o.titles AS o_titles, o.apply_label AS o_apply_label,
       (SELECT group_concat(topic, ',') FROM post_topics t WHERE t.post_id = p.id) AS topic_list,
       (SELECT group_concat(country, ',') FROM post_countries c WHERE c.post_id = p.id)
           AS country_list,
       (SELECT json_group_array(title) FROM post_titles h
        WHERE h.post_id = p.id AND h.title != p.title) AS former_list
FROM posts p LEFT JOIN opportunities o ON o.post_id = p.id
"""


NO_VERSIONS: dict[str, Version] = {}


def row_to_post(
    row: sqlite3.Row,
    versions: dict[str, Version] = NO_VERSIONS,
    translations: dict[str, Version] = NO_VERSIONS,
) -> Post:
    opportunity = None
    if row["o_type"] is not None:
        opportunity = OpportunityDetails(
            type=row["o_type"],
            location=row["o_location"],
            duration=row["o_duration"],
            deadline=date.fromisoformat(row["o_deadline"]) if row["o_deadline"] else None,
            how_to_apply=row["o_how_to_apply"],
            apply_url=row["o_apply_url"],
            is_open=bool(row["o_is_open"]),
            titles=json.loads(row["o_titles"] or "{}"),
            apply_label=row["o_apply_label"],
        )
    created = _parse_moment(row["created_at"])
    updated = _parse_moment(row["updated_at"])
    assert created is not None
    assert updated is not None
    return Post(
        id=row["id"],
        key=row["key"],
        title=row["title"],
        summary=row["summary"],
        language=row["language"],
        source=row["source"],
        kind=row["kind"],
        url=row["url"],
        guid=row["guid"],
        published=_parse_moment(row["published_at"]),
        topics=tuple(sorted(row["topic_list"].split(","))) if row["topic_list"] else (),
        countries=tuple(sorted(row["country_list"].split(","))) if row["country_list"] else (),
        opportunity=opportunity,
        created_at=created,
        updated_at=updated,
        image=row["image_url"],
        translation_links=json.loads(row["translation_links"] or "{}"),
        former_titles=tuple(sorted(json.loads(row["former_list"] or "[]"))),
        versions=versions,
        translations=translations,
    )


POST_COLUMNS = (
    "key", "guid", "url", "title", "summary", "language", "kind", "source", "published_at",
    "image_url", "translation_links",
)  # fmt: skip


def post_values(draft: PostDraft) -> tuple[object, ...]:
    """The ``posts`` row of a draft, in :data:`POST_COLUMNS` order."""
    return (
        draft.key,
        draft.guid,
        draft.url,
        draft.title,
        draft.summary,
        draft.language,
        draft.kind,
        draft.source,
        _iso(draft.published),
        draft.image,
        json.dumps(draft.translation_links, ensure_ascii=False, sort_keys=True),
    )


VERSION_COLUMNS = ", ".join(TEXT_FIELDS)


def version_of(row: sqlite3.Row, *, machine: bool = False) -> Version:
    return Version(**{name: row[name] for name in TEXT_FIELDS}, machine=machine)
