"""A message as the words worth searching for, at a bounded cost.

People type long questions ("здравствуйте, как подать заявку на стажировку, подскажите"),
paste the same word fifty times, or send 255-character inline queries. Before any lookup the
text is cut to :data:`MAX_QUERY_CHARS`, repeated words are collapsed and only the first
:data:`MAX_CONTENT_WORDS` distinct content words are kept (stopwords and filler cost nothing
to keep: they only bridge lexicon phrases such as "mäns våld mot kvinnor"). Whatever arrives,
a query is at most that many lookups.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cagbot.search.normalize import clean, is_stopword

MAX_QUERY_CHARS = 256
MAX_CONTENT_WORDS = 8

_RAW_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class QueryWords:
    words: tuple[str, ...]  # cleaned, repeats collapsed, content words capped
    written: tuple[str, ...]  # each word as the person wrote it (for "nothing about X")
    content: int  # how many of ``words`` are not stopwords

    def capitalised(self, position: int) -> bool:
        """Written like a name: "Bishkek", "Каракол" (not "NGO", not "bishkek")."""
        word = self.written[position]
        return word[:1].isupper() and not word.isupper()


def prepare(query: str) -> QueryWords:
    text = query
    if len(text) > MAX_QUERY_CHARS:
        # Cut at a word boundary: a word cut in half would be a typo of nothing.
        # (A head of only whitespace has no boundary to cut at: it holds no word either.)
        head = text[: MAX_QUERY_CHARS + 1].rsplit(None, 1)
        text = head[0][:MAX_QUERY_CHARS] if head else ""
    text = unicodedata.normalize("NFKC", text)
    words: list[str] = []
    written: list[str] = []
    seen: set[str] = set()
    content = 0
    for raw in _RAW_WORD.findall(text):
        word = clean(raw)
        if not word or word in seen:
            continue
        stop = is_stopword(word)
        if not stop and content >= MAX_CONTENT_WORDS:
            break
        seen.add(word)
        words.append(word)
        written.append(raw)
        content += not stop
    return QueryWords(tuple(words), tuple(written), content)


def query_cost(query: str) -> float:
    """What a search costs, in flood-limit tokens: one for an ordinary query, more for long
    ones (each content word past the second is more lookups and a wider candidate set)."""
    words = [word for word in prepare(query).words if not is_stopword(word)]
    heavy = sum(1 for word in words if not word.isdigit())  # numbers need no typo lookups
    return 1.0 + 0.25 * max(0, heavy - 2)
