"""Every evaluation query's top-5 post ids on the sample and the real-world items, as
recorded in ``same_hits.json``: a change meant to make the search faster, not different
(issue 28: the qualifiers' cost at 100k), must leave them all as they were.

    python -m tests.search.same_hits --record   # after a change that is meant to differ
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import tomllib
from pathlib import Path

from cagbot.content import import_sources
from cagbot.lexicon import Lexicon, load_lexicon
from cagbot.models import Post
from cagbot.paths import opportunities_file, seed_files
from cagbot.search import SearchEngine
from cagbot.store import Store

from .realworld_items import real_posts

SEARCH = Path(__file__).parent
RECORD = SEARCH / "same_hits.json"
SETS = (
    "typed/queries.toml",
    "typed2/queries.toml",
    "typed3/queries.toml",
    "typed4/queries.toml",
    "typed_dev30/queries.toml",
    "eval_queries.toml",
    "eval_independent.toml",
    "realworld/queries.toml",
)


def queries() -> list[tuple[str, str]]:
    """(query, language) of every set, each pair once."""
    found: dict[tuple[str, str], None] = {}
    for name in SETS:
        raw = tomllib.loads((SEARCH / name).read_text(encoding="utf-8"))
        for item in raw["query"]:
            found[(item["q"], item["lang"])] = None
    return list(found)


def hits(engines: dict[str, SearchEngine]) -> dict[str, list[int]]:
    """Every query on every engine, as the evaluations ask (limit 5, the query's language):
    the top-5 post ids, and -1 after them when the answer is "some of your words"."""
    found: dict[str, list[int]] = {}
    for corpus, engine in sorted(engines.items()):
        for query, language in queries():
            result = engine.search(query, limit=5, language=language)
            ids = [hit.post_id for hit in result.hits]
            found[f"{corpus}|{language}|{query}"] = ids + ([-1] if result.partial else [])
    return found


async def sample_posts(directory: Path) -> list[Post]:
    paths = [*seed_files()]
    if opportunities_file().exists():
        paths.append(opportunities_file())
    store = await Store.open(directory / "eval.db")
    try:
        await import_sources(store, paths)
        return list(await store.posts.all())
    finally:
        await store.close()


def engines_for(sample: list[Post], lexicon: Lexicon) -> dict[str, SearchEngine]:
    return {
        "sample": SearchEngine.from_posts(sample, lexicon),
        "realworld": SearchEngine.from_posts(real_posts(lexicon)[0], lexicon),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write same_hits.json")
    args = parser.parse_args()
    lexicon = load_lexicon()
    with tempfile.TemporaryDirectory() as directory:
        sample = asyncio.run(sample_posts(Path(directory)))
    found = hits(engines_for(sample, lexicon))
    if args.record:
        text = json.dumps(found, ensure_ascii=False, indent=0, sort_keys=True)
        RECORD.write_text(text + "\n", encoding="utf-8")
        print(f"recorded {len(found)} answers in {RECORD}")
        return 0
    expected = json.loads(RECORD.read_text(encoding="utf-8"))
    changed = sorted(
        key for key in expected.keys() | found.keys() if expected.get(key) != found.get(key)
    )
    for key in changed:
        print(f"{key}: {expected.get(key)} -> {found.get(key)}")
    print(f"{len(found)} answers, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
