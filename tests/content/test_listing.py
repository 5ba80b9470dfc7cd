from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cagbot.content.listing import MAX_SUMMARY_CHARS, parse_listing
from cagbot.content.parsing import ParseResult, SourceError, decode
from cagbot.paths import seed_files

SUMMARY = (
    "Centralasiengrupperna är en ideell, volontärdriven organisation som är baserad i Malmö. "
    "Vi verkar huvudsakligen i postsovjetiska Centralasien inom tematiska områden som "
    "mänskliga rättigheter och miljö […]"
)


@pytest.fixture(scope="module")
def seeds() -> list[ParseResult]:
    return [parse_listing(path.read_text(encoding="utf-8"), path.name) for path in seed_files()]


def _by_title(seeds: list[ParseResult]) -> dict[str, str]:
    return {draft.title: draft.language for result in seeds for draft in result.drafts}


def test_seed_counts(seeds: list[ParseResult]) -> None:
    assert [len(result.posts) for result in seeds] == [10, 10]
    assert len({draft.key for result in seeds for draft in result.drafts}) == 18


def test_seed_stray_author_line_is_skipped_with_a_reason(seeds: list[ParseResult]) -> None:
    skipped = [item for result in seeds for item in result.skipped]
    assert [item.title for item in skipped] == ["Emma Rönngren"]
    assert "no summary" in skipped[0].reason


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("Praktikant med inriktning genus/tjejers rättigheter (med placering Kirgizistan)", "sv"),
        ("Women-led permaculture initiatives in semi-desert villages of Kyrgyzstan – part 1", "en"),
        ("Fem dagar i Osh, Kirgizistan", "sv"),
        ("“HBTQ-personer i Kasakstan är diskriminerade på väldigt många nivåer i samhället”", "sv"),
        ("Youth Workers from Sweden and Poland visit Kyrgyzstan", "en"),
        ("Coming home from Kyrgyzstan – three months later", "en"),
        ("Why are only women on parental leave?", "en"),
        ("Central Asia and the Myth of Radicalization [explainer clip]", "en"),
        ("Med Genus i Fokus – Vår resa till Kirgizistan Del 2", "sv"),
    ],
)
def test_seed_titles_and_languages(seeds: list[ParseResult], title: str, language: str) -> None:
    assert _by_title(seeds)[title] == language


def test_seed_markers_are_gone_and_excerpts_end_in_one_ellipsis(seeds: list[ParseResult]) -> None:
    for result in seeds:
        for draft in result.drafts:
            assert "English" not in draft.title
            assert not draft.summary.endswith(("[…]", "...", "[...]", "……"))
            assert "  " not in draft.summary
    endings = {draft.summary[-1] for result in seeds for draft in result.drafts}
    assert endings == {"…"}


def test_empty_and_blank_files() -> None:
    for text in ("", "\n\n  \n"):
        result = parse_listing(text, "empty.txt")
        assert result.posts == []
        assert result.skipped == []
        assert result.warnings == ["empty listing: no posts"]


def test_title_without_summary_at_the_end() -> None:
    result = parse_listing(f"Title one\n\n{SUMMARY}\n\nA lonely title\n", "x.txt")
    assert [draft.title for draft in result.drafts] == ["Title one"]
    assert [(item.title, "no summary" in item.reason) for item in result.skipped] == [
        ("A lonely title", True)
    ]


def test_paragraph_without_title_is_skipped() -> None:
    result = parse_listing(f"{SUMMARY}\n\nTitle\n\n{SUMMARY}\n", "x.txt")
    assert [draft.title for draft in result.drafts] == ["Title"]
    assert result.skipped[0].reason == "a paragraph with no title line before it"


def test_title_and_summary_without_blank_line() -> None:
    result = parse_listing(f"Title\n{SUMMARY}\n", "x.txt")
    assert [draft.title for draft in result.drafts] == ["Title"]


def test_one_megabyte_line() -> None:
    huge = "word " * 210_000  # ~1 MB on one line
    result = parse_listing(f"{huge}\n\nTitle\n\n{SUMMARY}\n\nBig one\n\n{huge}\n", "x.txt")
    assert [draft.title for draft in result.drafts] == ["Title"]
    reasons = [item.reason for item in result.skipped]
    assert "neither a title" in reasons[0]
    assert result.skipped[1].title == "Big one"
    assert f"{MAX_SUMMARY_CHARS:,} limit" in reasons[1]
    assert all(len(item.title or "") <= 60 for item in result.skipped)


def test_title_of_punctuation_only_is_skipped() -> None:
    result = parse_listing(f"– – –\n\n{SUMMARY}\n", "x.txt")
    assert result.posts == []
    assert result.skipped[0].reason == "the title has no letters or digits"


def test_decode_replaces_a_few_invalid_bytes_and_says_so() -> None:
    data = (
        b"Fem dagar i Osh\n\n"
        + b"I slutet av april reste jag fr\xe5n V\xe4xj\xf6 "
        + (SUMMARY.encode())
    )
    text, warning = decode(data)
    assert "\ufffd" in text
    assert warning is not None
    assert "3 invalid UTF-8" in warning
    assert len(parse_listing(text, "latin1.txt").posts) == 1


def test_decode_accepts_a_bom() -> None:
    assert decode("\ufeffHej".encode()) == ("Hej", None)


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,  # has NUL
        bytes(range(128, 256)) * 40,  # no NUL, but nothing of it is UTF-8
        b"\x01\x02\x03\x04\x05" * 100,  # control characters only
    ],
)
def test_decode_refuses_binary_garbage(data: bytes) -> None:
    with pytest.raises(SourceError, match="binary"):
        decode(data)


def test_a_date_line_after_the_title_is_the_publication_date() -> None:
    summary = "Vi söker en praktikant till kontoret i Bisjkek. Ansök via formuläret på webbplatsen."
    text = f"Praktikant i Bisjkek\nDatum: 2026-11-20\n\n{summary}\n\nUtan datum\n\n{summary}\n"
    dated, undated = parse_listing(text, "l.txt").drafts
    assert dated.title == "Praktikant i Bisjkek"
    assert dated.published == datetime(2026, 11, 20, tzinfo=UTC)
    assert dated.summary == summary
    assert undated.published is None  # no date line: unknown, never the import time
