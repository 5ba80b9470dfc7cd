"""The phone-screen measure itself."""

from __future__ import annotations

from tests.e2e.phone import phone_lines


def test_lines_wrap_at_forty_characters_and_blank_lines_count() -> None:
    assert phone_lines("short") == 1
    assert phone_lines("a\n\nb") == 3
    assert phone_lines("word " * 20) == 3  # 100 characters of words: three lines of 40
    assert phone_lines("x" * 81) == 3
