"""Plain records passed between the store, the importer, search and the bot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final, Literal, get_args

Language = Literal["sv", "en", "ru"]
PostKind = Literal["post", "opportunity"]
# Whether a call takes applications: "open" only on evidence (a deadline to come whose year is
# known, a known publication date within the age limit, or a person's word: a curated or
# Telegram-made call); "unknown" when nothing says either way (an undated page without a
# deadline). Unknown calls are never counted open, announced or reminded of.
CallStatus = Literal["open", "closed", "unknown"]
# The interface languages; a post's own language may be any ISO 639-1 code (ky, kk, uk, ...).
ContentLanguage = str
OpportunityType = Literal[
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
]
# In this order in the staff form's type buttons.
OPPORTUNITY_TYPES: tuple[OpportunityType, ...] = get_args(OpportunityType)
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
    # Title per language for opportunities curated in several languages (kept in step with
    # the post's versions; search and older callers read it).
    titles: dict[str, str] = field(default_factory=dict)
    # The label of the apply link in the original language ("Apply by email").
    apply_label: str | None = None

    def open_on(self, today: date) -> bool:
        """Still taking applications: not marked closed and the deadline (if any) not past."""
        return self.is_open and (self.deadline is None or self.deadline >= today)


# Languages whose readers read Russian more readily than the original (see cagbot.i18n):
# the bot speaks Russian to them, so a Russian version of a post is their next best.
RUSSIAN_READING: Final = frozenset(
    {"ru", "ky", "kk", "uz", "tg", "tk", "be", "uk", "az", "hy", "ka", "mn", "tt", "ba", "os"}
)
TEXT_FIELDS: Final = ("title", "summary", "location", "duration", "how_to_apply", "apply_label")
MACHINE_FIELDS: Final = ("title", "summary")  # what machine translation fills in


@dataclass(frozen=True, slots=True)
class Version:
    """A post's texts in one language other than its original.

    ``machine``: made by machine translation (only title and summary); a human version of
    the same language always wins over it. A field left ``None`` is not available in this
    language, and rendering takes it from the next language in the chain.
    """

    title: str | None = None
    summary: str | None = None
    location: str | None = None
    duration: str | None = None
    how_to_apply: str | None = None
    apply_label: str | None = None
    machine: bool = False

    def get(self, name: str) -> str | None:
        value: str | None = getattr(self, name)
        return value


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """What a reader sees of a post, chosen by :meth:`Post.text_for`.

    ``fallback_from``: the original language when some shown text is in it rather than the
    reader's (the view marks it "🌐 in English"); ``machine``: the language some shown text
    was machine-translated from (the view marks it "machine translation").
    """

    language: str
    title: str
    summary: str
    location: str | None = None
    duration: str | None = None
    how_to_apply: str | None = None
    apply_label: str | None = None
    fallback_from: str | None = None
    machine: str | None = None


def reading_chain(language: str, original: str) -> list[str]:
    """The languages a reader of ``language`` is shown, best first, ending at ``original``."""
    chain = [language]
    if language in RUSSIAN_READING and language != "ru":
        chain.append("ru")
    if original not in chain:
        chain.append(original)
    return chain


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
    translation_links: dict[str, str] = field(default_factory=dict)
    # Every earlier headline, so that a re-headlined post stays findable by any of them.
    former_titles: tuple[str, ...] = ()
    # Human versions in other languages (curated or staff-written), by language code.
    versions: Mapping[str, Version] = field(default_factory=dict)

    def as_post(self, post_id: int, at: datetime) -> Post:
        """The post this draft would be once stored as ``post_id`` at ``at`` (previews,
        tests and evaluations that never touch a database)."""
        return Post(
            id=post_id,
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
            created_at=at,
            updated_at=at,
            image=self.image,
            translation_links=dict(self.translation_links),
            former_titles=self.former_titles,
            versions=self.versions,
        )


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
    translation_links: dict[str, str] = field(default_factory=dict)
    former_titles: tuple[str, ...] = ()
    # Human versions, then machine translations where no human version of a field exists.
    versions: Mapping[str, Version] = field(default_factory=dict)
    translations: Mapping[str, Version] = field(default_factory=dict)

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
            translation_links=dict(self.translation_links),
            former_titles=self.former_titles,
            versions=self.versions,
        )

    def call_status(
        self, today: date, max_age_days: int = OPEN_CALL_MAX_AGE_DAYS
    ) -> CallStatus | None:
        """Whether an opportunity takes applications on ``today`` (None for a plain post).

        Closed: marked closed (by a person, or its text says so or names only past periods),
        or past its deadline, or stating none and published more than ``max_age_days`` ago.
        Open: a deadline to come (the classifier keeps only deadlines whose year it knows), a
        curated or Telegram-made call (kept by hand: it carries titles), or a publication date
        within the age limit. Anything else, an undated item stating no deadline, is unknown:
        its import time says nothing about when it was written.
        """
        details = self.opportunity
        if details is None:
            return None
        if not details.open_on(today):
            return "closed"
        if details.deadline is not None or details.titles:
            return "open"
        if self.published is None:
            return "unknown"
        return "closed" if (today - self.published.date()).days > max_age_days else "open"

    def closed_on(self, today: date, max_age_days: int = OPEN_CALL_MAX_AGE_DAYS) -> bool:
        """An opportunity no longer taking applications (a plain post never is closed)."""
        return self.call_status(today, max_age_days) == "closed"

    def open_call_on(self, today: date, max_age_days: int = OPEN_CALL_MAX_AGE_DAYS) -> bool:
        """An opportunity known to take applications on ``today``."""
        return self.call_status(today, max_age_days) == "open"

    def original(self, name: str) -> str | None:
        """A text field in the post's original language."""
        if name in ("title", "summary"):
            value: str | None = getattr(self, name)
            return value
        if self.opportunity is None:
            return None
        found: str | None = getattr(self.opportunity, name)
        return found

    def _in(self, language: str, name: str) -> tuple[str | None, bool]:
        """(text, machine) of one field in one language, human before machine."""
        if language == self.language:
            return self.original(name), False
        human = self.versions.get(language)
        if human is not None and human.get(name):
            return human.get(name), False
        if name == "title" and self.opportunity is not None:
            title = self.opportunity.titles.get(language)
            if title:
                return title, False
        machine = self.translations.get(language)
        if machine is not None and machine.get(name):
            return machine.get(name), True
        return None, False

    def text_for(self, language: str, fields: Sequence[str] = TEXT_FIELDS) -> LocalizedText:
        """Every text a reader of ``language`` sees, each field from the first language of
        :func:`reading_chain` that has it. The one place this choice is made. ``fields``:
        only these (a list entry shows only the title, so only the title decides its
        mark); the others are left empty."""
        chosen: dict[str, str | None] = dict.fromkeys(TEXT_FIELDS)
        fallback = machine = None
        # A Kyrgyz reader is spoken to in Russian: Russian text is no fallback for them.
        own = reading_chain(language, language)
        for name in fields:
            if self.original(name) is None and not any(v.get(name) for v in self.versions.values()):
                chosen[name] = None
                continue
            for candidate in reading_chain(language, self.language):
                text, by_machine = self._in(candidate, name)
                if text:
                    chosen[name] = text
                    if by_machine:
                        machine = machine or self.language
                    elif candidate == self.language and candidate not in own:
                        fallback = fallback or candidate
                    break
            else:
                chosen[name] = None
        return LocalizedText(
            language=language,
            title=chosen["title"] or self.title,
            summary=chosen["summary"] or "",
            location=chosen["location"],
            duration=chosen["duration"],
            how_to_apply=chosen["how_to_apply"],
            apply_label=chosen["apply_label"],
            fallback_from=fallback,
            machine=machine,
        )

    def title_in(self, language: str) -> str:
        """The title a reader of ``language`` sees."""
        return self.text_for(language).title

    def languages(self) -> list[str]:
        """The languages a person wrote this post in: the original, then human versions."""
        return [self.language, *(code for code in self.versions if code != self.language)]

    def title_versions(self) -> list[tuple[str, str]]:
        """(title, language) of every version, for search."""
        found: dict[str, str] = {self.language: self.title}
        if self.opportunity is not None:
            found.update({k: v for k, v in self.opportunity.titles.items() if v})
        for source in (self.translations, self.versions):
            found.update({k: v.title for k, v in source.items() if v.title})
        found[self.language] = self.title
        return [(text, code) for code, text in found.items()]

    def summary_versions(self) -> list[tuple[str, str]]:
        """(summary, language) of every version, for search."""
        found: dict[str, str] = {self.language: self.summary}
        for source in (self.translations, self.versions):
            found.update({k: v.summary for k, v in source.items() if v.summary})
        found[self.language] = self.summary
        return [(text, code) for code, text in found.items() if text]


UpsertOutcome = Literal["added", "updated", "unchanged"]
