from __future__ import annotations

from cagbot.models import PostDraft
from cagbot.store import Store


def _draft(title: str) -> PostDraft:
    return PostDraft(key=title.casefold(), title=title, summary="", language="en", source="t")


async def test_the_snapshot_is_returned_only_for_its_fingerprint(fresh_db: Store) -> None:
    index = fresh_db.search_index
    empty = await index.posts_fingerprint()
    assert await index.load(empty) is None
    await index.save(empty, b"one")
    assert await index.load(empty) == b"one"
    await fresh_db.posts.upsert(_draft("Internship in Osh"))
    changed = await index.posts_fingerprint()
    assert changed != empty
    assert await index.load(changed) is None
    await index.save(changed, b"two")  # replaces the one row
    assert await index.load(changed) == b"two"
    assert await index.load(empty) is None
