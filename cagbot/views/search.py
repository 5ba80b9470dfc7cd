"""Search results, "no match" and the inline-mode texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cagbot.i18n import Translator
from cagbot.lexicon import Lexicon
from cagbot.markup import esc, one_line, single, truncate
from cagbot.models import Post
from cagbot.views.posts import opportunity_block, post_block


@dataclass(frozen=True, slots=True)
class Found:
    post: Post
    snippet: str | None


def search_results(
    t: Translator, lexicon: Lexicon, query: str, found: Sequence[Found], *, today: date
) -> str:
    header = esc(
        t.ngettext(
            "I found {n} match for “{query}”:",
            "I found {n} matches for “{query}”:",
            len(found),
        ).format(n=len(found), query=truncate(one_line(query), 100))
    )
    blocks = [header]
    for number, item in enumerate(found, start=1):
        if item.post.opportunity is not None:
            blocks.append(opportunity_block(t, lexicon, item.post, today=today, number=number))
        else:
            blocks.append(post_block(t, lexicon, item.post, number=number, snippet=item.snippet))
    blocks.append(esc(t.gettext("Tap a number for the whole post.")))
    return single(blocks)


def no_match(t: Translator, query: str, suggestion: str | None, topic_names: Sequence[str]) -> str:
    lines = [
        esc(
            t.gettext("I found nothing for “{query}”.").format(query=truncate(one_line(query), 100))
        )
    ]
    if suggestion:
        lines.append(esc(t.gettext("Did you mean “{suggestion}”?").format(suggestion=suggestion)))
    if topic_names:
        lines += ["", esc(t.gettext("Try one of our topics:"))]
        lines += [f"• {esc(name)}" for name in topic_names]
    return "\n".join(lines)


def search_usage(t: Translator) -> str:
    return esc(
        t.gettext("Write what you are looking for after /search, for example: /search climate")
    )


def inline_nothing(t: Translator) -> str:
    return t.gettext("Nothing found: open the bot")
