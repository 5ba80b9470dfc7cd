from __future__ import annotations

from cagbot.models import PostDraft
from cagbot.store import Store
from cagbot.store.search_index import Marks


def _draft(title: str, summary: str = "") -> PostDraft:
    return PostDraft(key=title.casefold(), title=title, summary=summary, language="en", source="t")


async def test_the_snapshot_is_returned_only_for_its_fingerprint(fresh_db: Store) -> None:
    index = fresh_db.search_index
    assert await index.load("v1") is None
    await index.save("v1", b"one", Marks("a", "b"))
    found = await index.load("v1")
    assert found is not None
    assert (found.data, found.marks) == (b"one", Marks("a", "b"))
    assert await index.load("v2") is None  # another format or lexicon: rebuilt
    await index.save("v2", b"two", Marks())  # replaces the one row
    assert await index.load("v1") is None
    found = await index.load("v2")
    assert found is not None
    assert found.data == b"two"


async def test_changed_since_names_written_and_translated_posts(fresh_db: Store) -> None:
    index = fresh_db.search_index
    assert await index.marks() == Marks("", "")
    old = await fresh_db.posts.upsert(_draft("Old news", "Nothing new here."))
    other = await fresh_db.posts.upsert(_draft("Other news"))
    marks = await index.marks()
    assert marks.posts
    assert not marks.translations
    # At the mark itself a post is taken again (a write in the same millisecond).
    assert set(await index.changed_since(marks)) <= {old.post_id, other.post_id}
    await fresh_db.db.connection.execute("UPDATE posts SET updated_at = '2000-01-01T00:00:00.000Z'")
    await fresh_db.db.connection.commit()
    marks = await index.marks()
    assert await index.changed_since(marks) == [old.post_id, other.post_id]
    assert await index.changed_since(Marks("2001", marks.translations)) == []
    new = await fresh_db.posts.upsert(_draft("New call"))
    assert await index.changed_since(Marks("2001", "")) == [new.post_id]
    # A machine translation of a post's text changes what the index holds for it.
    await fresh_db.translations.put("en", "ru", "Nothing new here.", "Ничего нового.")
    changed = await index.changed_since(Marks("2001", ""))
    assert changed == sorted([old.post_id, new.post_id])
    now = await index.marks()
    assert await index.changed_since(Marks("2001", now.translations)) == [new.post_id]
    assert await index.post_ids() == {old.post_id, other.post_id, new.post_id}
