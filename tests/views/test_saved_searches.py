"""Saved searches' texts: queries in the language's own quotation marks and shortened, the
/alerts list numbered like its buttons with paused ones marked, an alert headed by every
search that found the post, /mydata's lines."""

from __future__ import annotations

from cagbot.i18n import I18n
from cagbot.store.outbox import Rendered
from cagbot.store.saved_searches import SavedSearch
from cagbot.views import saved_searches as texts


def search(query: str, *, paused: bool = False, number: int = 1) -> SavedSearch:
    return SavedSearch(number, 7, query, paused, "2026-09-01T10:00:00Z")


def test_queries_are_quoted_the_readers_way_and_shortened(i18n: I18n) -> None:
    assert texts.quoted(i18n.get("ru"), "стажировка") == "«стажировка»"
    assert texts.quoted(i18n.get("en"), "internship") == "“internship”"
    long = texts.quoted(i18n.get("en"), "word " * 100)
    assert len(long) < 200
    assert "…" in long


def test_the_list_is_numbered_with_paused_ones_marked(i18n: I18n) -> None:
    en = i18n.get("en")
    text = texts.listing(en, [search("internship Bishkek"), search("<grant>", paused=True)])
    title, lines, count = text.split("\n\n")
    assert title == "<b>🔔 Your saved searches</b>"
    assert lines.split("\n") == [
        "1. “internship Bishkek”",
        "2. “&lt;grant&gt;” (paused)",
    ]
    assert count == "2 saved searches of at most 10. A new post they find comes to you once."
    empty = texts.listing(en, [])
    assert empty.startswith(title)
    assert "/alerts internship Bishkek" in empty


def test_an_alert_is_headed_by_every_search_that_found_it(i18n: I18n) -> None:
    message = Rendered("<b>New post</b>", reply_markup={"inline_keyboard": []})
    alert = texts.alert(i18n.get("en"), message, ["internship", "grant"])
    header, body = alert.text.split("\n", 1)
    assert header == "<b>🔔 New for “internship” and “grant”</b>"
    assert body == "<b>New post</b>"
    assert alert.reply_markup == message.reply_markup


def test_one_search_says_whether_it_is_on(i18n: I18n) -> None:
    en = i18n.get("en")
    assert texts.one(en, search("grant")).endswith("Notifications: on")
    assert texts.one(en, search("grant", paused=True)).endswith("Notifications: paused")


def test_mydata_lists_what_is_stored(i18n: I18n) -> None:
    assert texts.my_data_lines(i18n.get("en"), [("grant", False), ("job", True)]) == [
        "2 saved searches",
        "• “grant”",
        "• “job” (paused)",
    ]
