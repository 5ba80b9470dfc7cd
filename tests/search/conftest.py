"""The evaluation corpus exactly as the bot serves it: seeds and curated opportunities
through the importer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cagbot.content import import_sources
from cagbot.lexicon import Lexicon, load_lexicon
from cagbot.models import Language, OpportunityDetails, Post, PostKind
from cagbot.paths import opportunities_file, seed_files
from cagbot.search import SearchEngine
from cagbot.store import Store

from .realworld_items import real_posts
from .typed_eval import names


@pytest.fixture
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture
async def corpus(tmp_path: Path) -> list[Post]:
    paths = [*seed_files()]
    if opportunities_file().exists():
        paths.append(opportunities_file())
    store = await Store.open(tmp_path / "eval.db")
    try:
        await import_sources(store, paths)
        return list(await store.posts.all())
    finally:
        await store.close()


@pytest.fixture
def engine(corpus: list[Post], lexicon: Lexicon) -> SearchEngine:
    return SearchEngine.from_posts(corpus, lexicon)


NOW = datetime(2026, 1, 1, tzinfo=UTC)


def make_post(
    post_id: int,
    title: str,
    summary: str = "",
    *,
    language: Language = "en",
    kind: PostKind = "post",
    titles: dict[str, str] | None = None,
) -> Post:
    opportunity = (
        OpportunityDetails(type="internship", titles=titles or {})
        if kind == "opportunity"
        else None
    )
    return Post(
        id=post_id,
        key=title.casefold(),
        title=title,
        summary=summary,
        language=language,
        source="test",
        kind=kind,
        url=None,
        guid=None,
        published=None,
        topics=(),
        countries=(),
        opportunity=opportunity,
        created_at=NOW,
        updated_at=NOW,
    )


@pytest.fixture
def engines(
    corpus: list[Post], lexicon: Lexicon
) -> dict[str, tuple[SearchEngine, dict[int, tuple[str, ...]]]]:
    real, ids = real_posts(lexicon)
    return {
        "sample": (
            SearchEngine.from_posts(corpus, lexicon),
            {post.id: tuple(names(post)) for post in corpus},
        ),
        "realworld": (SearchEngine.from_posts(real, lexicon), {k: (v,) for k, v in ids.items()}),
    }
