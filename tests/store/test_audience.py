"""Who a new call reaches: the call filters (kind, place, language) in ``post_selection``,
which chooses both instant deliveries and digest items."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from cagbot.models import OpportunityDetails, OpportunityType, PostDraft, Version
from cagbot.store import Store
from cagbot.store.audience import post_selection


def call(
    title: str,
    kind: OpportunityType = "internship",
    countries: tuple[str, ...] = ("kg",),
    language: str = "en",
    versions: dict[str, Version] | None = None,
) -> PostDraft:
    return PostDraft(
        key=title.lower(),
        title=title,
        summary=f"About {title}",
        language=language,
        source="test",
        kind="opportunity",
        # Just ahead of "now" when the call is made (not when the module was imported: a
        # long run would make it older than the chats the test subscribes).
        published=datetime.now(UTC) + timedelta(minutes=1),
        countries=countries,
        opportunity=OpportunityDetails(type=kind),
        versions=versions or {},
    )


async def _chat(store: Store, chat_id: int, language: str = "en") -> None:
    await store.subscribers.ensure(chat_id, "private", language)
    await store.subscribers.set_subscribed(chat_id, True)


async def _reached(store: Store, draft: PostDraft) -> list[int]:
    result = await store.posts.upsert(draft)
    assert result.post_id is not None
    return await store.audience.chat_ids(post_selection(result.post_id, "sv"))


async def test_a_chat_without_filters_gets_every_call(fresh_db: Store) -> None:
    await _chat(fresh_db, 1)
    assert await _reached(fresh_db, call("A job anywhere", "job", ())) == [1]
    assert await _reached(fresh_db, call("A grant in Sweden", "grant", ("se",))) == [1]


async def test_kinds_and_places_narrow_calls_together(fresh_db: Store) -> None:
    subscribers = fresh_db.subscribers
    await _chat(fresh_db, 1)  # internships in Kyrgyzstan
    await subscribers.toggle_call_filter(1, "kind", "internship")
    await subscribers.toggle_call_filter(1, "place", "kg")
    await _chat(fresh_db, 2)  # everything
    await _chat(fresh_db, 3)  # any kind, in Kazakhstan or online
    await subscribers.toggle_call_filter(3, "place", "kz")
    await subscribers.toggle_call_filter(3, "place", "online")
    assert await _reached(fresh_db, call("Intern in Osh")) == [1, 2]
    assert await _reached(fresh_db, call("Intern in Malmo", countries=("se",))) == [2]
    assert await _reached(fresh_db, call("Job in Bishkek", "job")) == [2]
    assert await _reached(fresh_db, call("Intern in two", countries=("kg", "kz"))) == [1, 2, 3]
    assert await _reached(fresh_db, call("Course online", "course", ("online",))) == [2, 3]
    # A call whose place nobody could tell reaches only chats that left places open.
    assert await _reached(fresh_db, call("Intern somewhere", countries=())) == [2]


async def test_toggling_twice_and_clearing_restore_every_call(fresh_db: Store) -> None:
    subscribers = fresh_db.subscribers
    await _chat(fresh_db, 1)
    await subscribers.toggle_call_filter(1, "kind", "grant")
    chosen = await subscribers.toggle_call_filter(1, "kind", "job")
    assert chosen is not None
    assert chosen.call_kinds == ("grant", "job")
    assert await _reached(fresh_db, call("An internship")) == []
    again = await subscribers.toggle_call_filter(1, "kind", "grant")
    assert again is not None
    assert again.call_kinds == ("job",)
    cleared = await subscribers.clear_call_filter(1, "kind")
    assert cleared is not None
    assert cleared.call_kinds == ()
    assert await _reached(fresh_db, call("Another internship")) == [1]


async def test_only_my_language_keeps_calls_not_written_or_translated_in_it(
    fresh_db: Store,
) -> None:
    await _chat(fresh_db, 1, "ru")
    await fresh_db.subscribers.set_call_languages(1, "mine")
    await _chat(fresh_db, 2, "ru")  # 'all' by default
    assert await _reached(fresh_db, call("Swedish only", language="sv")) == [2]
    assert await _reached(fresh_db, call("Russian original", language="ru")) == [1, 2]
    translated = call("Swedish with Russian", language="sv")
    translated = replace(translated, versions={"ru": Version(title="По-русски")})
    assert await _reached(fresh_db, translated) == [1, 2]


async def test_filters_leave_posts_alone_and_alerts_off_still_wins(fresh_db: Store) -> None:
    await _chat(fresh_db, 1)
    await fresh_db.subscribers.toggle_call_filter(1, "kind", "job")
    await fresh_db.subscribers.set_call_languages(1, "mine")
    post = PostDraft(
        key="news",
        title="News",
        summary="",
        language="sv",
        source="test",
        published=datetime.now(UTC) + timedelta(minutes=1),
    )
    assert await _reached(fresh_db, post) == [1]  # posts follow topics and content languages
    await fresh_db.subscribers.set_opportunity_alerts(1, False)
    assert await _reached(fresh_db, call("A job", "job")) == []


async def test_a_filter_for_an_unknown_chat_writes_nothing(fresh_db: Store) -> None:
    assert await fresh_db.subscribers.toggle_call_filter(9, "place", "kg") is None
    assert await fresh_db.db.fetchall("SELECT * FROM subscriber_call_places") == []


async def test_mydata_shows_the_filters_and_forget_erases_them(fresh_db: Store) -> None:
    await _chat(fresh_db, 1)
    await fresh_db.subscribers.toggle_call_filter(1, "kind", "internship")
    await fresh_db.subscribers.toggle_call_filter(1, "place", "kg")
    await fresh_db.subscribers.set_call_languages(1, "mine")
    data = await fresh_db.privacy.export(1)
    assert (data.call_kinds, data.call_places) == (("internship",), ("kg",))
    assert data.subscriber is not None
    assert data.subscriber["call_languages"] == "mine"
    erased = await fresh_db.privacy.erase(1)
    assert erased.call_filters == 2
    assert (await fresh_db.privacy.export(1)).empty
