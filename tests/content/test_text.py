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
