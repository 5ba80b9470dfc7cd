"""Plain records passed between the store, the importer, search and the bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Language = Literal["sv", "en", "ru"]
PostKind = Literal["post", "opportunity"]
OpportunityType = Literal["internship", "residency", "volunteering", "exchange", "other"]
OPPORTUNITY_TYPES: tuple[OpportunityType, ...] = (
    "internship",
    "residency",
    "exchange",
    "volunteering",
    "other",
)


@dataclass(frozen=True, slots=True)
class OpportunityDetails:
    type: OpportunityType
    location: str | None = None
    duration: str | None = None
    deadline: date | None = None
    how_to_apply: str | None = None
    apply_url: str | None = None
    is_open: bool = True
    # Title per language for opportunities curated in several languages.
    titles: dict[str, str] = field(default_factory=dict)

    def open_on(self, today: date) -> bool:
        """Still taking applications: not marked closed and the deadline (if any) not past."""
        return self.is_open and (self.deadline is None or self.deadline >= today)


@dataclass(frozen=True, slots=True)
class PostDraft:
    """A post as an importer produced it, before the store gave it an id.

    ``key`` is the dedupe key (the normalised title); ``guid`` and ``url`` also identify a
    post when the source has them.
    """

    key: str
    title: str
    summary: str
    language: Language
    source: str
    kind: PostKind = "post"
    url: str | None = None
    guid: str | None = None
    published: datetime | None = None
    topics: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    opportunity: OpportunityDetails | None = None


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    key: str
    title: str
    summary: str
    language: Language
    source: str
    kind: PostKind
    url: str | None
    guid: str | None
    published: datetime | None
    topics: tuple[str, ...]
    countries: tuple[str, ...]
    opportunity: OpportunityDetails | None
    created_at: datetime
    updated_at: datetime

    def as_draft(self) -> PostDraft:
        return PostDraft(
            key=self.key,
            title=self.title,
            summary=self.summary,
            language=self.language,
            source=self.source,
            kind=self.kind,
            url=self.url,
            guid=self.guid,
            published=self.published,
            topics=self.topics,
            countries=self.countries,
            opportunity=self.opportunity,
        )

    def closed_on(self, today: date) -> bool:
        """An opportunity no longer taking applications (a plain post never is closed)."""
        return self.opportunity is not None and not self.opportunity.open_on(today)

    def title_in(self, language: str) -> str:
        """The title in ``language`` when a curated translation exists."""
        if self.opportunity is not None:
            return self.opportunity.titles.get(language, self.title)
        return self.title


UpsertOutcome = Literal["added", "updated", "unchanged"]
