"""A post as a block, a detail and an opportunity: escaped, localized, within Telegram's
limits, its source language named in the reader's grammar."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cagbot import views
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.models import OpportunityDetails, Post
from cagbot.views import post_block
from tests.views.conftest import assert_valid_html, make_post

LEXICON = load_lexicon()
TODAY = date(2026, 5, 1)
MOMENT = datetime(2024, 3, 1, tzinfo=UTC)


def test_titles_and_summaries_are_escaped(i18n: I18n) -> None:
    post = make_post(title="<b>Bold</b> & <script>", summary="1 < 2 > 0")
    text = views.post_block(i18n.get("en"), LEXICON, post)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;" in text
    assert "1 &lt; 2 &gt; 0" in text
    assert 'href="https://example.org/p?a=1&amp;b=2"' in text
    assert_valid_html(text)


def test_a_javascript_link_is_not_rendered(i18n: I18n) -> None:
    text = views.post_block(i18n.get("en"), LEXICON, make_post(url="javascript:alert(1)"))
    assert "href" not in text


def test_post_block_is_localized(i18n: I18n) -> None:
    text = views.post_block(i18n.get("ru"), LEXICON, make_post())
    assert "Климат и экология" in text  # topic label from the lexicon
    assert "🌐 на английском" in text  # marked: shown in its original language, English
    assert "1 мая 2026" in text  # babel date


def test_long_post_detail_stays_within_limits(i18n: I18n) -> None:
    post = make_post(title="T" * 1000, summary="<" * 10_000)
    text = views.post_detail(i18n.get("sv"), LEXICON, post, today=TODAY)
    assert_valid_html(text)


def test_opportunity_shows_deadline_and_how_to_apply(i18n: I18n) -> None:
    details = OpportunityDetails(
        type="internship",
        location="Osh",
        duration="3 months",
        deadline=date(2026, 6, 30),
        how_to_apply="Mail <cv>",
        titles={"ru": "Стажировка"},
    )
    post = make_post(kind="opportunity", title="Internship", opportunity=details)
    text = views.opportunity_block(i18n.get("ru"), LEXICON, post, today=TODAY)
    assert "<b>Стажировка</b>" in text  # the curated title in the reader's language
    assert "Крайний срок: 30 июня 2026" in text
    assert "Mail &lt;cv&gt;" in text
    closed = views.opportunity_block(i18n.get("ru"), LEXICON, post, today=date(2026, 7, 1))
    assert "Приём заявок закрыт" in closed
    assert "Mail" not in closed


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
