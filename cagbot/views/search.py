"""Search results, "no match" and the inline-mode texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import clip, esc, one_line, single, truncate
from cagbot.models import Post
from cagbot.views.labels import content_mark
from cagbot.views.opportunities import opportunity_entry
from cagbot.views.posts import LIST_TITLE

#: The line under a search hit's title (two phone lines at most).
SNIPPET = 80
#: How much of the query a header repeats.
QUERY_SHOWN = 40


@dataclass(frozen=True, slots=True)
class Found:
    post: Post
    snippet: str | None


def search_results(
    t: Translator,
    lexicon: Lexicon,
    query: str,
    found: Sequence[Found],
    *,
    today: date,
    searched: Sequence[str] = (),
) -> str:
    """A short list: number and title, then one line (the matching snippet, or for an
    opportunity its deadline); the whole post is one tap (or one typed number) away.
    ``searched``: when words of the query matched nothing, the words that were searched.
    A page of three results fits 20 phone lines (40 characters a line)."""
    header = esc(
        t.ngettext(
            "I found {n} match for “{query}”:",
            "I found {n} matches for “{query}”:",
            len(found),
        ).format(n=len(found), query=truncate(one_line(query), QUERY_SHOWN))
    )
    if searched:
        words = truncate(", ".join(searched), QUERY_SHOWN)
        # Translators: {words} are the words of the person's query that were searched, the
        # others matched nothing, e.g. "I searched for: стажировка".
        header += "\n" + esc(t.gettext("I searched for: {words}").format(words=words))
    entries = []
    for number, item in enumerate(found, start=1):
        post = item.post
        if post.opportunity is not None:
            entry = opportunity_entry(t, post, number, today=today)
        else:
            shown = post.text_for(t.language, ("title", "summary"))
            entry = f"{number}. <b>{clip(shown.title, LIST_TITLE)}</b>"
            # A snippet quotes the original; the reader's own version beats it.
            snippet = item.snippet if shown.summary == post.summary else None
            line = one_line(snippet or shown.summary)
            mark = content_mark(t, shown)
            if mark:
                line = f"{mark} · {line}" if line else mark
            if line:
                entry += "\n" + esc(truncate(line, SNIPPET))
        entries.append(entry)
    footer = esc(t.gettext("Tap a number for the whole post."))
    return single([header, "\n".join(entries), footer])


def no_match(t: Translator, query: str, suggestion: str | None, topic_names: Sequence[str]) -> str:
    """Nothing found: the query, a spelling suggestion, and a pointer to the topic buttons
    below (the topics are named once, on the buttons)."""
    lines = [
        esc(t.gettext("I found nothing for “{query}”.").format(query=truncate(one_line(query), 60)))
    ]
    if suggestion:
        lines.append(esc(t.gettext("Did you mean “{suggestion}”?").format(suggestion=suggestion)))
    if topic_names:
        lines += ["", esc(t.gettext("Try one of our topics:"))]
    return "\n".join(lines)


def search_usage(t: Translator) -> str:
    return esc(
        # Translators: adapt the example: a word your readers would search for, in your
        # language (ru «/search климат»); keep "/search" itself.
        t.gettext("Write what you are looking for after /search, for example: /search climate")
    )


def inline_nothing(t: Translator) -> str:
    return t.gettext("Nothing found: open the bot")
