from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from cagbot.content.merge import merge
from cagbot.models import OpportunityDetails, Post, PostDraft, PostKind

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def as_post(draft: PostDraft) -> Post:
    post = draft.as_post(1, EPOCH)
    return replace(post, topics=tuple(sorted(post.topics)), countries=tuple(sorted(post.countries)))


def fold(drafts: list[PostDraft]) -> PostDraft:
    current = as_post(drafts[0])
    for draft in drafts[1:]:
        current = as_post(merge(current, draft))
    return current.as_draft()


BASE = PostDraft(key="k", title="T", summary="short…", language="en", source="a.txt")
HEURISTIC = OpportunityDetails(type="internship", location="Osh")
CURATED = OpportunityDetails(
    type="internship", deadline=date(2027, 3, 1), titles={"ru": "Стажировка"}, is_open=False
)


def test_longest_summary_wins_and_missing_fields_are_filled() -> None:
    listing = replace(BASE, summary="a longer summary of the post…", topics=("gender",))
    feed = replace(
        BASE,
        source="feed",
        url="https://centralasien.se/p/",
        guid="https://centralasien.se/?p=1",
        published=datetime(2019, 5, 1, tzinfo=UTC),
        topics=("youth",),
        countries=("kg",),
    )
    merged = merge(as_post(listing), feed)
    assert merged.summary == "a longer summary of the post…"
    assert merged.source == "a.txt"
    assert (merged.url, merged.guid) == (feed.url, feed.guid)
    assert merged.published == feed.published
    assert (merged.topics, merged.countries) == (("gender", "youth"), ("kg",))


def test_curated_details_beat_heuristics_either_way() -> None:
    heuristic = replace(BASE, kind="opportunity", opportunity=HEURISTIC)
    curated = replace(BASE, source="o.toml", kind="opportunity", opportunity=CURATED)
    assert merge(as_post(heuristic), curated).opportunity == CURATED
    assert merge(as_post(curated), heuristic).opportunity == CURATED
    assert merge(as_post(curated), BASE).kind == "opportunity"


def test_an_edited_curated_entry_replaces_the_old_one() -> None:
    old = replace(BASE, kind="opportunity", opportunity=CURATED)
    edited = replace(CURATED, deadline=date(2027, 6, 1), is_open=True)
    assert merge(as_post(old), replace(old, opportunity=edited)).opportunity == edited


def test_naive_and_aware_dates_compare() -> None:
    naive = replace(BASE, published=datetime(2019, 1, 1))
    aware = replace(BASE, published=datetime(2019, 6, 1, tzinfo=UTC))
    assert merge(as_post(aware), naive).published == datetime(2019, 1, 1, tzinfo=UTC)


texts = st.sampled_from(["", "a…", "ab…", "ba…", "a longer one…"])
optional_ids = st.one_of(st.none(), st.sampled_from(["x", "y", "z"]))
dates = st.one_of(st.none(), st.sampled_from([datetime(2019, m, 1, tzinfo=UTC) for m in (1, 5)]))
tags = st.lists(st.sampled_from(["gender", "youth", "climate"]), unique=True).map(tuple)
heuristics = st.one_of(
    st.none(),
    st.builds(
        OpportunityDetails,
        type=st.sampled_from(["internship", "residency"]),
        location=st.sampled_from([None, "Osh"]),
    ),
)
drafts = st.builds(
    PostDraft,
    key=st.just("k"),
    title=st.sampled_from(["T", "t"]),
    summary=texts,
    language=st.sampled_from(["sv", "en"]),
    source=st.sampled_from(["a.txt", "b.txt", "feed"]),
    url=optional_ids,
    guid=optional_ids,
    published=dates,
    topics=tags,
    opportunity=heuristics,
)


def normal(draft: PostDraft) -> PostDraft:
    kind: PostKind = "opportunity" if draft.opportunity else "post"
    return replace(
        draft,
        kind=kind,
        topics=tuple(sorted(draft.topics)),
        countries=tuple(sorted(draft.countries)),
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(drafts, min_size=2, max_size=4), st.booleans())
def test_any_order_gives_the_same_record(versions: list[PostDraft], with_curated: bool) -> None:
    versions = [normal(v) for v in versions]
    if with_curated:  # at most one curated version: between two, the newer wins by design
        versions.append(replace(BASE, kind="opportunity", opportunity=CURATED))
    results = [fold(list(order)) for order in itertools.permutations(versions)]
    result = results[0]
    assert all(other == result for other in results)
    assert fold([result, *versions]) == result  # importing any version again changes nothing
