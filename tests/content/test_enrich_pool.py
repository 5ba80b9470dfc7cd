"""Worker processes tag and classify exactly as the importer's own process does."""

from __future__ import annotations

from pathlib import Path

import pytest

from cagbot.content import enrich_pool, importer
from cagbot.content.enrich_pool import Enricher
from cagbot.content.parsing import ParsedPost
from cagbot.lexicon import load_lexicon
from cagbot.models import PostDraft
from tests.content.realworld_eval import load_fresh, load_items


def _posts() -> list[ParsedPost]:
    return [
        ParsedPost(
            PostDraft(
                key=f"{item.id}-{item.title}".casefold(),
                title=item.title,
                summary=item.summary,
                language=item.lang,
                source=item.source or "eval",
            )
        )
        for item in (*load_items(), *load_fresh())
    ]


@pytest.mark.skipif(enrich_pool.workers() == 0, reason="one core: no workers are started")
def test_workers_give_the_drafts_the_process_gives_in_the_same_order() -> None:
    lexicon = load_lexicon()
    posts = _posts()
    alone = Enricher(lexicon, pooled=False)
    pooled = Enricher(lexicon, pooled=True)
    try:
        assert not alone.pooled
        assert pooled.pooled
        expected = alone.all(posts)
        assert pooled.all(posts) == expected
        assert any(draft.opportunity is not None for draft in expected)
        assert any(draft.topics for draft in expected)
    finally:
        pooled.close()


@pytest.mark.skipif(enrich_pool.workers() == 0, reason="one core: no workers are started")
def test_a_big_listing_streamed_through_workers_matches_one_read_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(enrich_pool, "BATCH", 7)
    monkeypatch.setattr(importer, "BATCH", 7)
    listing = tmp_path / "posts.txt"
    listing.write_text(
        "".join(f"{post.draft.title}\n\n{post.draft.summary}\n\n" for post in _posts()[:60]),
        encoding="utf-8",
    )
    lexicon = load_lexicon()
    alone = [
        draft for drafts, _, _ in importer._listing_chunks(listing, lexicon) for draft in drafts
    ]
    enricher = Enricher(lexicon, pooled=True)
    try:
        pooled = list(importer._listing_chunks(listing, lexicon, enricher))
    finally:
        enricher.close()
    assert len(pooled) > 3  # batches of 7 went to the workers
    assert [draft for drafts, _, _ in pooled for draft in drafts] == alone
