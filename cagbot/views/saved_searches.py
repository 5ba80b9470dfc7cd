"""Saved searches: the alert a new post brings, and the texts of /alerts (issue 25)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import bold, esc, truncate
from cagbot.models import Post
from cagbot.store.outbox import Rendered
from cagbot.store.saved_searches import MAX_PER_CHAT, SavedSearch
from cagbot.views.notifications import announcement as new_post

#: A query as shown in a list or a header (the whole one is kept and searched).
QUERY_SHOWN = 60


def quoted(t: Translator, query: str) -> str:
    """A saved query in the language's quotation marks, shortened for display."""
    # Translators: a search someone saved, in your language's quotation marks
    # (ru: «{query}», sv: ”{query}”).
    return t.pgettext("saved search", "“{query}”").format(query=truncate(query, QUERY_SHOWN))


def announcement(t: Translator, lexicon: Lexicon, post: Post, bot: str | None) -> Rendered:
    """The post as a new post's notification shows it (rendered once per post and
    language, then headed for each person by :func:`alert`)."""
    return new_post(t, lexicon, post, bot)


def alert(t: Translator, message: Rendered, queries: Sequence[str]) -> Rendered:
    """A new post one or more saved searches found: its :func:`announcement`, headed by
    the searches that found it."""
    names = t.format_list([quoted(t, query) for query in queries])
    # Translators: the first line of an alert; {queries} are saved searches in quotation
    # marks ("“internship Bishkek” and “praktik”").
    header = t.ngettext("🔔 New for {queries}", "🔔 New for {queries}", len(queries)).format(
        queries=names
    )
    return replace(message, text=f"{bold(header)}\n{message.text}")


def saved(t: Translator, query: str) -> str:
    return esc(
        # Translators: after "🔔 Tell me about new results" was pressed.
        t.gettext("🔔 Saved. I will tell you about new posts for {query}.").format(
            query=quoted(t, query)
        )
    )


def already_saved(t: Translator, query: str) -> str:
    # Translators: {query} is a saved search in quotation marks.
    text = t.gettext("You already have this search: {query}.")
    return esc(text.format(query=quoted(t, query)))


def full(t: Translator) -> str:
    return esc(
        # Translators: {n} is the most saved searches a person may keep (10).
        t.ngettext(
            "You can keep at most {n} saved search. Delete one in /alerts to save this one.",
            "You can keep at most {n} saved searches. Delete one in /alerts to save this one.",
            MAX_PER_CHAT,
        ).format(n=MAX_PER_CHAT)
    )


def search_again(t: Translator) -> str:
    # Translators: a button answer; the search it belonged to is no longer remembered.
    return t.gettext("Please send your search again, then save it.")


def listing(t: Translator, searches: Sequence[SavedSearch]) -> str:
    """/alerts: the saved searches, numbered like the buttons under the list."""
    title = bold(t.gettext("🔔 Your saved searches"))
    if not searches:
        return "\n\n".join(
            [
                title,
                esc(
                    t.gettext(
                        "None yet. Send me a search, then press “🔔 Tell me about new "
                        "results” under the results; or send /alerts with your words, "
                        "e.g. /alerts internship Bishkek."
                    )
                ),
            ]
        )
    lines = []
    for number, search in enumerate(searches, 1):
        line = f"{number}. {quoted(t, search.query)}"
        if search.paused:
            # Translators: after a saved search that sends no alerts for now.
            line += " " + t.pgettext("saved search", "(paused)")
        lines.append(esc(line))
    n = len(searches)
    # Translators: {n} saved searches of the {max} (10) a person may keep.
    count = t.ngettext(
        "{n} of at most {max} saved search. A new post they find comes to you once.",
        "{n} of at most {max} saved searches. A new post they find comes to you once.",
        n,
    ).format(n=n, max=MAX_PER_CHAT)
    return "\n\n".join([title, "\n".join(lines), esc(count)])


def one(t: Translator, search: SavedSearch) -> str:
    """One saved search, with what its buttons do."""
    if search.paused:
        # Translators: the state of a saved search, after "Notifications:".
        state = t.pgettext("saved search", "Paused")
    else:
        # Translators: the state of a saved search, after "Notifications:".
        state = t.pgettext("saved search", "On")
    # Translators: {state} is "On" or "Paused": whether a saved search sends notifications.
    line = t.gettext("Notifications: {state}").format(state=state)
    return "\n".join([bold(quoted(t, search.query)), esc(line)])


def rename_prompt(t: Translator, search: SavedSearch) -> str:
    # Translators: after "✏️ Rename"; {query} is the saved search in quotation marks.
    text = t.gettext("Send me the new words for {query}, as you would search for them.")
    return esc(text.format(query=quoted(t, search.query)))


def renamed(t: Translator, query: str) -> str:
    # Translators: a saved search renamed; {query} is its new words in quotation marks.
    return esc(t.gettext("Changed: now {query}.").format(query=quoted(t, query)))


def deleted(t: Translator, query: str) -> str:
    # Translators: {query} is the deleted saved search in quotation marks.
    return esc(t.gettext("Deleted {query}.").format(query=quoted(t, query)))


def gone(t: Translator) -> str:
    # Translators: a button answer for a saved search that was deleted meanwhile.
    return t.gettext("This saved search no longer exists.")


def private_only(t: Translator) -> str:
    return esc(t.gettext("Saved searches are personal: send me /alerts in a private chat."))


def empty_query(t: Translator) -> str:
    return esc(t.gettext("Please send some words to search for (at most 200 characters)."))


def my_data_lines(t: Translator, searches: Sequence[tuple[str, bool]]) -> list[str]:
    """/mydata: the saved searches as stored."""
    n = len(searches)
    # Translators: /mydata, a heading above the saved searches listed one per line.
    lines = [esc(t.ngettext("{n} saved search", "{n} saved searches", n).format(n=n))]
    for query, paused in searches:
        line = "• " + quoted(t, query)
        if paused:
            # Translators: after a saved search that sends no alerts for now.
            line += " " + t.pgettext("saved search", "(paused)")
        lines.append(esc(line))
    return lines
