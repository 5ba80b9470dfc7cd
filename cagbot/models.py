"""Plain records passed between the store, the importer, search and the bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Language = Literal["sv", "en", "ru"]
PostKind = Literal["post", "opportunity"]
# The interface languages; a post's own language may be any ISO 639-1 code (ky, kk, uk, ...).
ContentLanguage = str
OpportunityType = Literal[
    "internship",
    "residency",
    "volunteering",
    "exchange",
    "job",
    "grant",
    "scholarship",
    "contest",
    "course",
    "other",
]
OPPORTUNITY_TYPES: tuple[OpportunityType, ...] = (
    "internship",
    "residency",
    "exchange",
    "volunteering",
    "job",
    "grant",
    "scholarship",
    "contest",
    "course",
    "other",
)
# A call that states no deadline is taken as closed once it is this old (setting
# opportunity_max_age_days overrides it where settings are at hand).
OPEN_CALL_MAX_AGE_DAYS = 120


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
    language: ContentLanguage
    source: str
    kind: PostKind = "post"
    url: str | None = None
    guid: str | None = None
    published: datetime | None = None
    topics: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    opportunity: OpportunityDetails | None = None
    image: str | None = None  # http(s) URL of the featured image
    # Other-language versions the site links (Polylang/WPML): language -> URL.
    translations: dict[str, str] = field(default_factory=dict)
    # Every earlier headline, so that a re-headlined post stays findable by any of them.
    former_titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    key: str
    title: str
    summary: str
    language: ContentLanguage
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
    image: str | None = None
    translations: dict[str, str] = field(default_factory=dict)
    former_titles: tuple[str, ...] = ()

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
            image=self.image,
            translations=dict(self.translations),
            former_titles=self.former_titles,
        )

    def closed_on(self, today: date, max_age_days: int = OPEN_CALL_MAX_AGE_DAYS) -> bool:
        """An opportunity no longer taking applications (a plain post never is closed): marked
        closed, past its deadline, or without a deadline and older than ``max_age_days``."""
        details = self.opportunity
        if details is None:
            return False
        if not details.open_on(today):
            return True
        if details.deadline is None and not details.titles:  # curated calls are kept by hand
            moment = self.published or self.created_at
            return (today - moment.date()).days > max_age_days
        return False

    def title_in(self, language: str) -> str:
        """The title in ``language`` when a curated translation exists."""
        if self.opportunity is not None:
            return self.opportunity.titles.get(language, self.title)
        return self.title


UpsertOutcome = Literal["added", "updated", "unchanged"]
