from __future__ import annotations

import pytest

from cagbot.content.text import collapse_whitespace, dedupe_key, normalise_excerpt, strip_html


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("strengthening their […]", "strengthening their…"),
        ("strengthening their [...]", "strengthening their…"),
        ("strengthening…", "strengthening…"),
        ("This blogpost will...", "This blogpost will…"),
        ("the activist … […]", "the activist…"),
        ("near Uzbekistan. […]", "near Uzbekistan. …"),
        ("no ending here.", "no ending here."),
        ("  spaced\u00a0\u00a0out \n\t text\u200b  ", "spaced out text"),
    ],
)
def test_excerpt_endings_become_one_ellipsis(raw: str, expected: str) -> None:
    assert normalise_excerpt(raw) == expected


def test_collapse_whitespace_drops_control_characters() -> None:
    assert collapse_whitespace("a\x00b\x07  c") == "a b c"


def test_dedupe_key_ignores_markers_case_quotes_and_dashes() -> None:
    assert dedupe_key("[English] Youth’s Day – Osh") == dedupe_key("youth's day - OSH (English)")
    assert dedupe_key("Malmö") != dedupe_key("Malmo")
    assert dedupe_key("Central Asia [explainer clip]") == "central asia explainer clip"


def test_strip_html_removes_tags_and_entities() -> None:
    html = (
        "<p>Kvinnor &amp; tjejer</p><script>alert(1)</script><p>i Osh&#8230;</p><style>p{}</style>"
    )
    assert strip_html(html) == "Kvinnor & tjejer i Osh…"


def test_whitespace_is_collapsed_as_every_run_replaced() -> None:
    """Only runs that change are replaced (issue 28): the result is that of replacing every
    run of whitespace with one space."""
    import re

    from cagbot.content.text import collapse_whitespace

    samples = ["a b", " a  b ", "a\tb", "a\u00a0b", "a \n b", "a\u2003\u2003b", "a\r\nb c\x0bd", ""]
    samples += ["x" + ws * n + "y" for ws in (" ", "\t", "\u00a0", "\u3000") for n in (1, 2, 3)]
    for text in samples:
        assert collapse_whitespace(text) == re.sub(r"\s+", " ", text).strip(), repr(text)
