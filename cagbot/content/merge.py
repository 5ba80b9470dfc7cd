"""Combine two versions of one post so that import order never matters.

Every field is chosen by a rule that is commutative, associative and idempotent (a
"join"), so importing A then B, B then A, or A twice gives the same record:

- text (title, summary, language, source, key) comes from the version with the longest
  summary; ties fall back to comparing the values themselves, never to arrival order;
- url, guid, published: the one that has it; if both do, the smallest (earliest date);
- topics and countries: the union; former titles: every title either version had, less the
  one chosen; translations: the union (the smallest URL where both name one language);
- image: the text version's, else the other's;
- kind and opportunity details: curated details (they carry titles) beat heuristic ones.

One deliberate exception: between two *curated* versions the newer wins, so that editing
data/opportunities.toml (closing a call, moving a deadline) takes effect on re-import.
"""

from __future__ import annotations

from datetime import UTC, datetime

from cagbot.models import OpportunityDetails, Post, PostDraft


def _text_rank(draft: PostDraft) -> tuple[int, str, str, str, str, str]:
    return (
        len(draft.summary),
        draft.summary,
        draft.title,
        draft.language,
        draft.key,
        draft.source,
    )


def _smallest(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a if b is None else b
    return min(a, b)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a if b is None else b
    return min(_utc(a), _utc(b))


def is_curated(details: OpportunityDetails) -> bool:
    # Only the curated file gives titles; the heuristic classifier never does.
    return bool(details.titles)


def _details_rank(details: OpportunityDetails) -> tuple[str, ...]:
    return tuple(
        "" if value is None else str(value)
        for value in (
            details.type,
            details.location,
            details.duration,
            details.deadline,
            details.how_to_apply,
            details.apply_url,
            details.is_open,
        )
    )


def _details(
    old: OpportunityDetails | None, new: OpportunityDetails | None
) -> OpportunityDetails | None:
    if old is None or new is None:
        return old if new is None else new
    if is_curated(new) != is_curated(old):
        return new if is_curated(new) else old
    if is_curated(new):
        return new
    return max(old, new, key=_details_rank)


def _translations(a: dict[str, str], b: dict[str, str]) -> dict[str, str]:
    return {
        language: min(url for url in (a.get(language), b.get(language)) if url)
        for language in sorted(set(a) | set(b))
    }


def merge(existing: Post, new: PostDraft) -> PostDraft:
    """The record that results from importing ``new`` over ``existing``."""
    old = existing.as_draft()
    text = max(old, new, key=_text_rank)
    other = new if text is old else old
    titles = {old.title, new.title, *old.former_titles, *new.former_titles}
    details = _details(old.opportunity, new.opportunity)
    return PostDraft(
        key=text.key,
        title=text.title,
        summary=text.summary,
        language=text.language,
        source=text.source,
        kind="opportunity" if details is not None else "post",
        url=_smallest(old.url, new.url),
        guid=_smallest(old.guid, new.guid),
        published=_earliest(old.published, new.published),
        topics=tuple(sorted(set(old.topics) | set(new.topics))),
        countries=tuple(sorted(set(old.countries) | set(new.countries))),
        opportunity=details,
        image=text.image or other.image,
        translation_links=_translations(old.translation_links, new.translation_links),
        former_titles=tuple(sorted(titles - {text.title})),
        # Versions in other languages travel with the curated details when there are any
        # (an edit of the curated file must win), else the union; never the text's language.
        versions={
            code: version
            for code, version in (
                {**old.versions, **new.versions}
                if details is new.opportunity
                else {**new.versions, **old.versions}
            ).items()
            if code != text.language
        },
    )
