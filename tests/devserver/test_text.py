"""HTML and MarkdownV2 parsing as Telegram does it, and UTF-16 lengths."""

from __future__ import annotations

import pytest

from cagbot.devserver.errors import ApiError
from cagbot.devserver.text import parse_html, parse_markdown_v2, utf16_len


def test_utf16_len_counts_astral_characters_twice() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("😀") == 2
    assert utf16_len("Привет") == 6


def test_html_entities_and_offsets_in_utf16_units() -> None:
    text, entities = parse_html('😀 <b>жирный</b> &lt;x&gt; &amp; <a href="https://cag.se">CAG</a>')
    assert text == "😀 жирный <x> & CAG"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 6},
        {"type": "text_link", "offset": 16, "length": 3, "url": "https://cag.se"},
    ]


def test_html_all_allowed_tags_parse() -> None:
    text, entities = parse_html(
        "<strong>a</strong><em>b</em><ins>c</ins><del>d</del><s>e</s><u>f</u><i>g</i>"
        '<span class="tg-spoiler">h</span><tg-spoiler>i</tg-spoiler>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji><code>j</code>'
        '<pre><code class="language-python">k</code></pre><blockquote expandable>l</blockquote>'
    )
    assert text == "abcdefghi👍jkl"
    kinds = [e["type"] for e in entities]
    assert "expandable_blockquote" in kinds
    assert "custom_emoji" in kinds
    assert {"type": "pre", "offset": 12, "length": 1, "language": "python"} in entities


@pytest.mark.parametrize(
    ("markup", "detail"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("1 < 2", 'Unescaped "<" at byte offset 2'),
        ("Q&A", 'Unescaped "&" at byte offset 1'),
        ("a > b", 'Unescaped ">" at byte offset 2'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<b", "Unclosed start tag at byte offset 0"),
    ],
)
def test_bad_html_is_refused_with_telegram_wording(markup: str, detail: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_html(markup)
    assert caught.value.error_code == 400
    assert caught.value.violation
    assert caught.value.description.startswith("Bad Request: can't parse entities: ")
    assert detail in caught.value.description


def test_markdown_v2_requires_escaping_reserved_characters() -> None:
    assert parse_markdown_v2(r"*жирный* и \. `a.b`")[0] == "жирный и . a.b"
    with pytest.raises(ApiError, match=r"Character '\.' is reserved"):
        parse_markdown_v2("Конец.")
    with pytest.raises(ApiError, match="Can't find end of the entity"):
        parse_markdown_v2("*open")
