"""Greetings and typed result numbers are recognised before anything is searched."""

from __future__ import annotations

import pytest

from cagbot.intents import is_greeting, result_number


@pytest.mark.parametrize(
    "text",
    ["привет", "Привет!", "салам", "Hej", "hi", "Здравствуйте!!", "hej hej", "Салам 👋", "salom"],
)
def test_greetings_are_recognised(text: str) -> None:
    assert is_greeting(text)


@pytest.mark.parametrize(
    "text", ["привет стажировка", "hi internship", "стажировка", "", "   ", "hejdå", "2"]
)
def test_other_text_is_not_a_greeting(text: str) -> None:
    assert not is_greeting(text)


@pytest.mark.parametrize(("text", "number"), [("2", 2), (" #3 ", 3), ("1.", 1), ("12", 12)])
def test_a_typed_number_chooses_a_result(text: str, number: int) -> None:
    assert result_number(text) == number


@pytest.mark.parametrize("text", ["2025", "two", "2 стажировки", "", "-1"])
def test_other_text_is_no_result_number(text: str) -> None:
    assert result_number(text) is None
