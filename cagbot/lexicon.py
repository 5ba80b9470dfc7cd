"""The cross-language lexicon in ``data/lexicon.toml``: topics, countries and concepts.

Topic tagging at import and query expansion in search read the same file, so a word that
tags a post as "climate" is also a word that finds it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from cagbot.paths import lexicon_file
from cagbot.settings import LANGUAGES

# Languages the bot does not speak but its first audience writes in (Kyrgyz, Kazakh, Uzbek):
# their forms are matched in search (issue 20), never shown as labels.
SEARCH_ONLY_LANGUAGES = ("ky", "kk", "uz")

EntryKind = Literal["topic", "country", "concept"]
_SECTIONS: dict[str, EntryKind] = {"topics": "topic", "countries": "country", "concepts": "concept"}


@dataclass(frozen=True, slots=True)
class Entry:
    slug: str
    kind: EntryKind
    labels: dict[str, str]
    forms: dict[str, tuple[str, ...]]
    # Tagging only: a form listed in ``senses`` tags a post only with one of its context
    # words nearby (prefixes: "войн" for война, войны); a phrase in ``blocked`` never tags.
    senses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    blocked: tuple[str, ...] = ()

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.slug


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: tuple[Entry, ...]

    @property
    def topics(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.kind == "topic")

    @property
    def countries(self) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.kind == "country")

    def topic(self, slug: str) -> Entry | None:
        return next((entry for entry in self.topics if entry.slug == slug), None)

    def topic_slugs(self) -> tuple[str, ...]:
        return tuple(entry.slug for entry in self.topics)


def parse_lexicon(text: str) -> Lexicon:
    raw = tomllib.loads(text)
    entries = []
    for section, kind in _SECTIONS.items():
        for slug, body in raw.get(section, {}).items():
            if not slug.isascii() or len(slug) > 24:
                raise ValueError(f"lexicon slug {slug!r} must be short ASCII")
            forms: dict[str, tuple[str, ...]] = {
                language: tuple(str(form) for form in body.get("forms", {}).get(language, ()))
                for language in (*LANGUAGES, *SEARCH_ONLY_LANGUAGES)
            }
            labels = {str(k): str(v) for k, v in body.get("label", {}).items()}
            if kind != "concept" and set(labels) != set(LANGUAGES):
                raise ValueError(f"lexicon {section}.{slug} needs a label in sv, en and ru")
            senses = {
                str(form): tuple(str(word).casefold() for word in near)
                for form, near in body.get("senses", {}).items()
            }
            blocked = tuple(str(phrase) for phrase in body.get("blocked", ()))
            entries.append(
                Entry(
                    slug=slug,
                    kind=kind,
                    labels=labels,
                    forms=forms,
                    senses=senses,
                    blocked=blocked,
                )
            )
    return Lexicon(tuple(entries))


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> Lexicon:
    return parse_lexicon((path or lexicon_file()).read_text(encoding="utf-8"))
