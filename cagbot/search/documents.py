"""A post as the index sees it: every language version of its text, the slim copy the index
keeps, and lexicon facts derived once (which country forms are places, a lexicon digest)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace

from rapidfuzz import fuzz

from cagbot.lexicon import Lexicon
from cagbot.models import Post
from cagbot.search.normalize import doc_key, fold, words

# A country form this similar to one of the country's labels names the country itself
# ("kirgizien", "kyrgyz"); other forms name places in it ("bishkek", "osh").
_NAME_SIMILARITY = 70


def versions(post: Post) -> list[tuple[str, str, str]]:
    """(language, title, summary) of every language version of a post: its own text,
    curated per-language titles, and per-language texts (``post.texts``: language ->
    (title, summary) or an object with ``title``/``summary``) where the model has them."""
    found: list[tuple[str, str, str]] = [(post.language, post.title, post.summary)]
    if post.opportunity is not None:
        found += [(lang, text, "") for lang, text in post.opportunity.titles.items() if text]
    texts = getattr(post, "texts", None)
    if isinstance(texts, Mapping):
        for lang, version in texts.items():
            if isinstance(version, tuple):
                title, summary = (str(part or "") for part in version[:2])
            else:
                title = str(getattr(version, "title", "") or "")
                summary = str(getattr(version, "summary", "") or "")
            if title or summary:
                found.append((str(lang), title, summary))
    return found


def slim(post: Post) -> Post:
    """What ranking and ``prefer`` need: the summary and bookkeeping fields dropped."""
    return replace(post, key="", summary="", source="", url=None, guid=None)


def place_sequences(lexicon: Lexicon) -> frozenset[tuple[str, ...]]:
    """Key sequences of country forms that are places in the country, not its name."""
    places: set[tuple[str, ...]] = set()
    for entry in lexicon.countries:
        names = [fold(word) for label in entry.labels.values() for word in words(label)]
        for language, forms in entry.forms.items():
            for form in forms:
                tokens = words(form)
                folded = "".join(fold(word) for word in tokens)
                if any(fuzz.ratio(folded, name) >= _NAME_SIMILARITY for name in names):
                    continue
                places.add(tuple(doc_key(word, language) for word in tokens))
                places.add(tuple(fold(word) for word in tokens))
    return frozenset(places)


def lexicon_hash(lexicon: Lexicon) -> str:
    text = repr([(e.kind, e.slug, sorted(e.forms.items())) for e in lexicon.entries])
    return hashlib.sha256(text.encode()).hexdigest()[:16]
