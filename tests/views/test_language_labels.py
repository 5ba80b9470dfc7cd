"""A post in a neighbouring language is labelled with its name and kept out of ru-only lists."""

from __future__ import annotations

from datetime import UTC, datetime

from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.models import Post, PostDraft
from cagbot.store import Store
from cagbot.views import post_block

MOMENT = datetime(2024, 3, 1, tzinfo=UTC)


def _post(language: str) -> Post:
    return Post(
        id=1, key="k", title="Жаштар демилгелери", summary="Гранттык сынак жарыялайт.",
        language=language, source="s", kind="post", url=None, guid=None, published=MOMENT,
        topics=(), countries=(), opportunity=None, created_at=MOMENT, updated_at=MOMENT,
    )  # fmt: skip


def test_a_kyrgyz_post_says_it_is_kyrgyz_in_every_interface_language() -> None:
    i18n = I18n.load()
    # A whole phrase in the reader's grammar («на кыргызском»), not a bare capitalised name.
    assert "🌐 на кыргызском" in post_block(i18n.get("ru"), load_lexicon(), _post("ky"))
    assert "🌐 på kirgiziska" in post_block(i18n.get("sv"), load_lexicon(), _post("ky"))
    assert "🌐 in Kyrgyz" in post_block(i18n.get("en"), load_lexicon(), _post("ky"))


def test_an_unknown_source_language_never_shows_its_code() -> None:
    i18n = I18n.load()
    block = post_block(i18n.get("ru"), load_lexicon(), _post("xx"))
    assert "🌐 на другом языке" in block
    assert "xx" not in block.replace("Жаштар", "")


async def test_russian_only_lists_leave_other_cyrillic_languages_out(fresh_db: Store) -> None:
    for key, language in (("a", "ru"), ("b", "ky"), ("c", "uk")):
        draft = PostDraft(key=key, title=key, summary="", language=language, source="s")
        await fresh_db.posts.upsert(draft)
    only_ru = await fresh_db.posts.latest(limit=10, languages=["ru"])
    assert [post.language for post in only_ru] == ["ru"]
    assert len(await fresh_db.posts.latest(limit=10)) == 3
