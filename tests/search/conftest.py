"""The evaluation corpus exactly as the bot serves it: seeds and curated opportunities
through the importer."""

from __future__ import annotations

from pathlib import Path

import pytest

from cagbot.content import import_sources
from cagbot.lexicon import Lexicon, load_lexicon
from cagbot.models import Post
from cagbot.paths import opportunities_file, seed_files
from cagbot.search import SearchEngine
from cagbot.store import Store


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
