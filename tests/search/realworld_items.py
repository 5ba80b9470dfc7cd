"""The real-world items (``realworld/``) and their queries, loaded for the evaluations that
use them: items become posts the way the importer makes them (tags and opportunity
heuristics), with ids from 1."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from cagbot.content.importer import enrich
from cagbot.content.parsing import ParsedPost
from cagbot.lexicon import Lexicon
from cagbot.models import Post, PostDraft

HERE = Path(__file__).with_name("realworld")
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RealCase:
    q: str
    lang: str
    category: str
    expect: tuple[str, ...]
    holdout: bool


def load_items() -> list[dict[str, str]]:
    lines = (HERE / "items.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_real_cases() -> list[RealCase]:
    raw = tomllib.loads((HERE / "queries.toml").read_text(encoding="utf-8"))
    return [
        RealCase(
            item["q"],
            item["lang"],
            item["category"],
            tuple(item["expect"]),
            bool(item.get("holdout", False)),
        )
        for item in raw["query"]
    ]


def real_posts(lexicon: Lexicon) -> tuple[list[Post], dict[int, str]]:
    """The items as posts (ids from 1), and each post's item id."""
    posts: list[Post] = []
    names: dict[int, str] = {}
    for number, item in enumerate(load_items(), start=1):
        draft = enrich(
            ParsedPost(
                PostDraft(
                    key=item["title"].casefold(),
                    title=item["title"],
                    summary=item["summary"],
                    language=item["lang"],  # type: ignore[arg-type]
                    source="realworld",
                    url=item["link"],
                )
            ),
            lexicon,
        )
        posts.append(replace(draft.as_post(number, _EPOCH), guid=None, published=None))
        names[number] = item["id"]
    return posts, names
