"""Rendering: escaping, Telegram's UTF-16 lengths, splitting, localized views."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cagbot import views
from cagbot.i18n import I18n
from cagbot.lexicon import load_lexicon
from cagbot.markup import MESSAGE_LIMIT, pack, truncate, utf16_len
from cagbot.models import OpportunityDetails
from tests.views.conftest import make_post

LEXICON = load_lexicon()
TODAY = date(2026, 5, 1)
ALLOWED_TAGS = re.compile(r"</?(b|i|a|code|pre)( href=\"[^\"]*\")?>")


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n.load()


def assert_valid_html(text: str) -> None:
    stripped = ALLOWED_TAGS.sub("", text)
    assert "<" not in stripped, text
    assert ">" not in stripped, text
    assert utf16_len(text) <= MESSAGE_LIMIT


def test_utf16_counts_emoji_as_two() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("😀") == 2
    assert utf16_len("привет") == 6


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


def test_truncate_respects_utf16_and_words() -> None:
    text = "😀" * 3000
    cut = truncate(text, 100)
    assert utf16_len(cut) <= 100
    assert cut.endswith("…")
    words = truncate("one two three four five six", 15)
    assert words == "one two three…"
    assert truncate("short", 10) == "short"


def test_pack_splits_at_4096_utf16_units_with_emoji() -> None:
    block = "🌍" * 1000  # 2000 units
    messages = pack([block, block, block])
    assert len(messages) == 2
    assert all(utf16_len(message) <= MESSAGE_LIMIT for message in messages)
    assert "".join(messages).count("🌍") == 3000


def test_pack_splits_an_oversized_block_between_lines() -> None:
    lines = [f"<b>line {i}</b> " + "ж" * 90 for i in range(200)]
    messages = pack(["\n".join(lines)])
    assert len(messages) > 1
    for message in messages:
        assert utf16_len(message) <= MESSAGE_LIMIT
        assert message.count("<b>") == message.count("</b>")  # no tag cut in half


def test_pack_cuts_a_single_huge_line() -> None:
    messages = pack(["😀" * 5000])
    assert all(utf16_len(message) <= MESSAGE_LIMIT for message in messages)
    assert "".join(messages).count("😀") == 5000


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


def test_search_results_count_in_russian(i18n: I18n) -> None:
    found = [views.Found(make_post(id=i), None) for i in range(1, 3)]
    text = views.search_results(i18n.get("ru"), LEXICON, "климат", found, today=TODAY)
    assert "найдено 2 результата" in text  # results are posts and calls alike
    assert_valid_html(text)


def test_no_match_offers_topics_and_a_suggestion(i18n: I18n) -> None:
    text = views.no_match(i18n.get("en"), "bitcoin <price>", "bitcoins", ["Climate"])
    assert "bitcoin &lt;price&gt;" in text
    assert "Did you mean “bitcoins”?" in text
    # The topics are named once, on the buttons below, not listed in the text too.
    assert "Climate" not in text
    assert "Try one of our topics:" in text


def test_help_lists_commands_in_the_readers_language(i18n: I18n) -> None:
    text = views.help_text(i18n.get("sv"), [("latest", "The newest posts")], "cag_bot")
    assert "/latest — De senaste inläggen" in text
    assert "@cag_bot" in text
