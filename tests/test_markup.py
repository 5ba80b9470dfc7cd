"""Splitting Telegram HTML: every piece parses as Telegram parses it (the emulator's strict
parser), fits the limit in UTF-16 units, and together the pieces keep all the text and every
link's address. An over-long link becomes text instead of being cut inside ``<a href>``."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cagbot.devserver.text import parse_html
from cagbot.markup import MESSAGE_LIMIT, esc, pack, split_html, truncate, utf16_len


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(char in it for char in small)


def assert_valid_split(original: str, pieces: list[str], limit: int) -> None:
    plain, entities = parse_html(original)
    texts, urls = [], []
    for piece in pieces:
        assert utf16_len(piece) <= limit, piece
        text, found = parse_html(piece)  # raises on anything Telegram would refuse
        assert text.strip(), f"a piece without text: {piece!r}"
        texts.append(text)
        urls.extend(entity["url"] for entity in found if entity["type"] == "text_link")
    joined = squash("".join(texts))
    assert is_subsequence(squash(plain), joined)  # no text lost
    for entity in entities:  # and every address is still there: as a link, or as text
        if entity["type"] == "text_link":
            assert entity["url"] in urls or squash(entity["url"]) in joined


def test_a_link_longer_than_the_message_is_shown_as_text() -> None:
    url = "https://centralasien.se/?ref=" + "a&b" * 2000
    block = f'<b>Summer camp</b>\n<a href="{esc(url)}">Read more</a> and apply.'
    pieces = split_html(block)
    assert_valid_split(block, pieces, MESSAGE_LIMIT)
    assert len(pieces) == 5  # 14,000 characters of escaped address
    assert not any("<a " in piece for piece in pieces)
    assert pieces[-1].endswith("a&amp;b and apply.")
    assert pieces[0] == "<b>Summer camp</b>"  # cut at the line break
    assert pieces[1].startswith("Read more https://centralasien.se/?ref=a&amp;b")


def test_a_link_that_fits_is_kept_when_the_text_around_it_is_split() -> None:
    url = "https://centralasien.se/internship/"
    block = "Intro " * 600 + f'<a href="{url}">{"apply " * 200}</a>'
    pieces = split_html(block)
    assert_valid_split(block, pieces, MESSAGE_LIMIT)
    assert len(pieces) == 2
    # Cut inside the link's text: closed in one piece, opened again in the next.
    assert pieces[0].endswith("</a>")
    assert pieces[1].startswith(f'<a href="{url}">')


def test_a_long_bold_line_is_cut_between_words_with_its_tags_closed_and_reopened() -> None:
    block = "<b><i>" + " ".join(["Бишкек"] * 1200) + "</i></b>"
    pieces = split_html(block, 1000)
    assert_valid_split(block, pieces, 1000)
    assert all(p.startswith("<b><i>Бишкек") and p.endswith("Бишкек</i></b>") for p in pieces)


def test_entities_and_emoji_are_never_cut() -> None:
    block = "&amp;&lt;😀" * 700
    pieces = split_html(block, 500)
    assert_valid_split(block, pieces, 500)
    assert "".join(pieces) == block  # nothing to lose: no whitespace at the cuts


def test_a_block_that_fits_is_left_alone() -> None:
    block = "<b>Title</b>\n" + "x" * 100
    assert split_html(block, 200) == [block]
    assert pack(["one", "two"], 20) == ["one\n\ntwo"]


# -- properties ---------------------------------------------------------------------------

_WORDS = st.text(
    alphabet=st.sampled_from("abc xyzАБВжй<>&\"'😀\n\t"), min_size=1, max_size=300
).map(esc)
_URLS = st.builds(
    lambda path, repeat: "https://centralasien.se/" + path * repeat,
    st.text(alphabet=st.sampled_from("ab&?=%-_"), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=800),
).map(esc)
_SIMPLE_TAGS = ("b", "i", "u", "s", "code", "tg-spoiler", "blockquote", "pre")


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tagged = st.builds(
        lambda tag, inner: f"<{tag}>{inner}</{tag}>", st.sampled_from(_SIMPLE_TAGS), children
    )
    linked = st.builds(lambda url, inner: f'<a href="{url}">{inner}</a>', _URLS, children)
    return st.one_of(tagged, linked)


_MARKUP = st.recursive(
    _WORDS,
    lambda inner: st.one_of(_element(inner), st.lists(inner, min_size=1, max_size=6).map("".join)),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(block=_MARKUP, limit=st.sampled_from([64, 120, 500, MESSAGE_LIMIT]))
def test_every_piece_is_valid_telegram_html_within_the_limit_and_nothing_is_lost(
    block: str, limit: int
) -> None:
    if not parse_html(block)[0].strip():
        return  # whitespace only: Telegram refuses it whole; nothing to split
    assert_valid_split(block, split_html(block, limit), limit)


@settings(max_examples=60, deadline=None)
@given(blocks=st.lists(_MARKUP, min_size=1, max_size=8), limit=st.sampled_from([120, 1000]))
def test_pack_keeps_every_message_valid(blocks: list[str], limit: int) -> None:
    blocks = [block for block in blocks if parse_html(block)[0].strip()]
    messages = pack(blocks, limit)
    for message in messages:
        assert utf16_len(message) <= limit
        assert parse_html(message)[0].strip()
    assert is_subsequence(
        squash("".join(parse_html(block)[0] for block in blocks)),
        squash("".join(parse_html(message)[0] for message in messages)),
    )


def test_utf16_counts_emoji_as_two() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("😀") == 2
    assert utf16_len("привет") == 6


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
