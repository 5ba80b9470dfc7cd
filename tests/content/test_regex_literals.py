"""Literal starts read from a pattern's source: only ever a literal every match has."""

from __future__ import annotations

import pytest

from cagbot.content.regex_literals import literal_start, literal_starts


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        (r"scholarships?\b", "scholarship"),
        (r"stipendi\w*", "stipendi"),
        (r"financial (?:support|assistance)\b", "financial "),
        (r"vi söker|söker nu", ""),  # either side may match: no common start
        (r"(?:vi|nu)\s+söker\b", ""),
        (r"co-?ordinator", "co"),
        (r"ab{0,2}c", "a"),
    ],
)
def test_the_literal_start_is_one_every_match_has(pattern: str, literal: str) -> None:
    assert literal_start(pattern) == literal


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"(?:manager|co-?ordinator|officer)\b", ("manager", "co", "officer")),
        (r"(?:volunteer(?:ing)?|internship) application", ("volunteer", "internship")),
        (r"(?:tasks and )?responsibilities\b", ()),  # the group may be absent
        (r"(?:ab)|cd", ()),
        (r"(?:a|[bc]d)e", ()),  # an alternative with no literal start
        (r"stipendi\w*", ("stipendi",)),
    ],
)
def test_a_leading_group_gives_one_literal_per_alternative(
    pattern: str, literals: tuple[str, ...]
) -> None:
    assert literal_starts(pattern) == literals


def test_a_screen_rules_out_only_patterns_that_cannot_match() -> None:
    import re

    from cagbot.content.regex_literals import Screen

    patterns = [r"\bstipendi\w*", r"\bvi söker\b", r"ansök\w*", r"(?:sök|anmäl)\s+nu", r"\w+x"]
    bounded = [True, True, False, False, False]
    plans = [
        (literal_starts(re.sub(r"^\\b", "", p)), b) for p, b in zip(patterns, bounded, strict=True)
    ]
    screen = Screen(plans)
    for text in ("stipendiet", "ett stipendium", "vi söker", "Xstipendi", "kansök", "anmäl nu"):
        folded = text.casefold()
        matching = {index for index, pattern in enumerate(patterns) if re.search(pattern, folded)}
        assert matching <= set(screen.candidates(folded)), text
    assert 0 not in screen.candidates("xstipendi")  # not at a word's start
    assert screen.candidates("nothing here") == [4]  # no literal: always tried
