"""The staff chat's summary of unexpected errors: since when (UTC), each kind and place
with its count in the reader's plural, and no personal data."""

from __future__ import annotations

from datetime import UTC, datetime

from cagbot.i18n import I18n
from cagbot.records import ErrorLine
from cagbot.views.error_reports import error_summary

SINCE = datetime(2026, 9, 1, 20, 30, tzinfo=UTC).timestamp()
LINES = [
    ErrorLine("KeyError", "cagbot.bot.search:search_command", 1),
    ErrorLine("ValueError", "cagbot.notify.feeds:poll", 5),
]


def test_each_error_line_with_its_count(i18n: I18n) -> None:
    lines = error_summary(i18n.get("en"), SINCE, LINES).split("\n")
    assert lines[0].startswith("<b>⚠️ Unexpected errors since ")
    assert lines[0].endswith(" UTC</b>")
    assert "20:30" in lines[0]  # in UTC, whatever the reader's zone (Stockholm is +2)
    assert lines[1:] == [
        "• KeyError in cagbot.bot.search:search_command: 1 time",
        "• ValueError in cagbot.notify.feeds:poll: 5 times",
        "Details are in the bot&#x27;s log.",  # escaped: the summary is HTML
    ]


def test_russian_plurals(i18n: I18n) -> None:
    lines = [ErrorLine("KeyError", "x", 2), ErrorLine("E", "y", 5)]
    text = error_summary(i18n.get("ru"), SINCE, lines)
    assert "• KeyError в x: 2 раза\n• E в y: 5 раз\n" in text
    assert "20:30 UTC" in text  # not Bishkek's 02:30


def test_a_kind_or_place_is_escaped(i18n: I18n) -> None:
    text = error_summary(i18n.get("en"), SINCE, [ErrorLine("<Err>", "a&b", 1)])
    assert "• &lt;Err&gt; in a&amp;b: 1 time" in text
