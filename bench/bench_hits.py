"""The benchmark's queries (ordinary and adversarial) on its generated corpus: each one's
hits (post ids, and -1 after them for "some of your words"), as JSON, so that a change
meant only to make the search faster can be shown to find the same posts at 100k.

    python bench/bench_hits.py --size 100000 > before.json
    python bench/bench_hits.py --size 100000 --check before.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import QUERIES, adversarial, corpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--check", type=Path, help="compare with this recording")
    args = parser.parse_args()

    from cagbot.lexicon import load_lexicon
    from cagbot.search import SearchEngine

    posts = corpus(args.size)
    engine = SearchEngine.from_posts(posts, load_lexicon())
    attacks = adversarial(random.Random(7), posts[: min(len(posts), 60)])
    found: dict[str, list[int]] = {}
    for queries, limit in ((QUERIES, 5), (attacks, 20)):
        for query in queries:
            result = engine.search(query, limit=limit)
            ids = [hit.post_id for hit in result.hits]
            found[f"{limit}|{query}"] = ids + ([-1] if result.partial else [])
    if args.check is None:
        print(json.dumps(found, ensure_ascii=False, indent=0, sort_keys=True))
        return 0
    expected = json.loads(args.check.read_text(encoding="utf-8"))
    changed = [key for key in expected.keys() | found.keys() if expected.get(key) != found.get(key)]
    for key in sorted(changed):
        print(f"{key[:70]}: {expected.get(key)} -> {found.get(key)}")
    print(f"{len(found)} queries, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
