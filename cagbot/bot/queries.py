"""What the handlers ask for, answered from the store and the search engine.

Handlers stay thin: they parse the update, call one of these, and render the result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from telegram import Chat, Update

from cagbot.bot.context import Services
from cagbot.models import Post
from cagbot.store.reminders import REMINDER_DAYS
from cagbot.views import Found

LATEST_PAGE: Final = 3
TOPIC_PAGE: Final = 3
OPPORTUNITY_PAGE: Final = 4
# Three results a page: a result list fits 20 phone lines (issue 20).
SEARCH_LIMIT: Final = 3
INLINE_LIMIT: Final = 20
# Topic pages filter the newest posts; more than this many posts per topic is far off.
_TOPIC_WINDOW: Final = 1000


@dataclass(frozen=True, slots=True)
class Page:
    posts: list[Post]
    page: int
    pages: int
    total: int
    # Of ``total``, how many are known to be open (the rest, of unknown status, follow them).
    open_total: int | None = None


def _clamp(page: int, total: int, size: int) -> tuple[int, int]:
    pages = max(1, math.ceil(total / size))
    return min(max(page, 0), pages - 1), pages


async def latest(services: Services, page: int) -> Page:
    total = await services.store.posts.count()
    page, pages = _clamp(page, total, LATEST_PAGE)
    posts = await services.store.posts.latest(limit=LATEST_PAGE, offset=page * LATEST_PAGE)
    return Page(posts, page, pages, total)


async def on_topic(services: Services, slug: str, page: int) -> Page:
    newest = await services.store.posts.latest(limit=_TOPIC_WINDOW)
    matching = [post for post in newest if slug in post.topics]
    page, pages = _clamp(page, len(matching), TOPIC_PAGE)
    start = page * TOPIC_PAGE
    return Page(matching[start : start + TOPIC_PAGE], page, pages, len(matching))


async def opportunities(services: Services, kind: str, page: int, on: date | None = None) -> Page:
    """Open opportunities (not closed, deadline not passed), optionally of one type, then
    those whose status is unknown (undated, no deadline: the view marks them)."""
    day, wanted = on or services.today(), None if kind == "all" else kind
    age = services.settings.opportunity_max_age_days
    found = await services.store.posts.opportunities(open_on=day, type=wanted, max_age_days=age)
    unknown = await services.store.posts.opportunities(
        open_on=day, type=wanted, max_age_days=age, status="unknown"
    )
    listed = found + unknown
    page, pages = _clamp(page, len(listed), OPPORTUNITY_PAGE)
    start = page * OPPORTUNITY_PAGE
    return Page(listed[start : start + OPPORTUNITY_PAGE], page, pages, len(listed), len(found))


def remindable(post: Post, today: date) -> bool:
    """An open opportunity whose deadline has not passed: a reminder can still help."""
    details = post.opportunity
    return (
        details is not None and details.deadline is not None and post.call_status(today) == "open"
    )


def reminder_lead(post: Post, today: date) -> int:
    """Days before the deadline the reminder will come: REMINDER_DAYS, or fewer when the
    deadline is nearer (it is then sent at the next look, never promised earlier than
    the time left); 0 when the deadline is today."""
    details = post.opportunity
    if details is None or details.deadline is None:
        return REMINDER_DAYS
    return max(0, min(REMINDER_DAYS, (details.deadline - today).days))


async def reminder_state(services: Services, chat: Chat | None, post: Post) -> bool | None:
    """Whether the chat asked for a reminder of ``post``; None where none is offered
    (groups: a reminder would speak for the whole group; closed or deadline-less posts)."""
    if chat is None or chat.type != Chat.PRIVATE or not remindable(post, services.today()):
        return None
    return await services.store.reminders.has(chat.id, post.id)


async def reminder_states(
    services: Services, chat: Chat | None, posts: Sequence[Post]
) -> list[tuple[int, int, bool]]:
    """(list number, post id, reminding) of the posts that offer a reminder."""
    states = []
    for number, post in enumerate(posts, start=1):
        state = await reminder_state(services, chat, post)
        if state is not None:
            states.append((number, post.id, state))
    return states


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    query: str
    found: list[Found]
    suggestion: str | None
    topics: tuple[str, ...]
    # The posts match only some of the query's words: say so ("some of your words").
    partial: bool = False
    # Words that match nothing at all, as written: "nothing about Bishkek yet".
    unknown: tuple[str, ...] = ()
    # When words were left out: the ones searched ("I searched for: стажировка").
    searched: tuple[str, ...] = ()


async def search(
    services: Services, query: str, language: str, *, limit: int = SEARCH_LIMIT
) -> SearchOutcome:
    from cagbot.search import WORKER, merged, snippet

    today = services.today()
    # The engine knows no date: equally relevant hits that still take applications first.
    # It runs in the search worker thread, never on the event loop.
    result = await WORKER.search(
        services.search,
        query,
        limit=limit,
        language=language,
        prefer=lambda post: post.call_status(today) in (None, "open"),
    )
    if services.query_variants is not None and (len(result.hits) < limit or result.partial):
        # Also searched in the other languages (machine translation, cached).
        translated = [
            await WORKER.search(
                services.search,
                variant,
                limit=limit,
                language=language,
                prefer=lambda post: not post.closed_on(today),
            )
            for variant in await services.query_variants(query)
        ]
        result = merged(result, translated, limit)
    posts = await services.store.posts.get_many([hit.post_id for hit in result.hits])
    by_id = {post.id: post for post in posts}
    found = []
    for hit in result.hits:
        post = by_id.get(hit.post_id)
        if post is None:
            continue
        found.append(Found(post, snippet(post.summary, hit.matched, width=160) or None))
    return SearchOutcome(
        query,
        found,
        result.suggestion,
        tuple(result.topics),
        partial=result.partial,
        unknown=result.unknown,
        searched=result.searched,
    )


def suggested_topics(services: Services, outcome: SearchOutcome) -> Sequence[str]:
    """Topics to offer when nothing matched: the engine's guess, else every topic."""
    known = set(services.lexicon.topic_slugs())
    guessed = [slug for slug in outcome.topics if slug in known]
    return guessed or list(services.lexicon.topic_slugs())


def search_cost(update: Update) -> float:
    """What an update costs of its sender's flood budget (cagbot.bot.flood): a search
    costs more the more words it makes the engine look up; anything else costs one."""
    from cagbot.search import query_cost

    text = update.inline_query.query if update.inline_query else None
    if text is None and update.message is not None and update.message.text:
        text = update.message.text
    return query_cost(text) if text else 1.0
