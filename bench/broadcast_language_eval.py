"""How often a common broadcast text's language is judged right (issue #24).

Run: python bench/broadcast_language_eval.py

A broadcast written once for everyone reaches each reader marked "🌐 in English" when its
language is not theirs; that language comes from
:func:`cagbot.notify.broadcasts.text_language`. This prints its accuracy on the hand-labelled
set in bench/data/broadcast_texts.toml (labels committed before the first run) and every
miss, with what a miss costs: a reader of that language getting their own text marked as
foreign, and readers of the true language's neighbours getting it unmarked.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cagbot.notify.broadcasts import text_language

SET = Path(__file__).resolve().parent / "data" / "broadcast_texts.toml"


def main() -> int:
    items = tomllib.loads(SET.read_text(encoding="utf-8"))["text"]
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for item in items:
        expected, text = item["language"], item["text"]
        judged = text_language(text)
        total[expected] += 1
        if judged == expected:
            right[expected] += 1
        else:
            misses.append((expected, judged, text))
    print(f"{sum(right.values())}/{len(items)} right")
    for language in sorted(total):
        print(f"  {language}: {right[language]}/{total[language]}")
    for expected, judged, text in misses:
        print(f"  miss: {expected} judged {judged}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
