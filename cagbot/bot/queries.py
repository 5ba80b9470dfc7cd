"""What the handlers ask for, answered from the store and the search engine.

Handlers stay thin: they parse the update, call one of these, and render the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from telegram import Update

from cagbot.bot.context import Services
from cagbot.bot.kit import page_bounds
from cagbot.models import Post
from cagbot.views import Found

LATEST_PAGE: Final = 3
TOPIC_PAGE: Final = 3
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


async def latest(services: Services, page: int) -> Page:
    total = await services.store.posts.count()
    page, pages = page_bounds(page, total, LATEST_PAGE)
    posts = await services.store.posts.latest(limit=LATEST_PAGE, offset=page * LATEST_PAGE)
    return Page(posts, page, pages, total)


async def on_topic(services: Services, slug: str, page: int) -> Page:
    newest = await services.store.posts.latest(limit=_TOPIC_WINDOW)
    matching = [post for post in newest if slug in post.topics]
    page, pages = page_bounds(page, len(matching), TOPIC_PAGE)
    start = page * TOPIC_PAGE
    return Page(matching[start : start + TOPIC_PAGE], page, pages, len(matching))


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
