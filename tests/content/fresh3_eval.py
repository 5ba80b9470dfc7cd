"""Loads and scores the third fresh set (``fresh3/``, issue 19).

Gathered and labelled by an engineer who did not write the rules, and committed before any rule
ran on it. After the lead's first run, rules were tuned on its odd-numbered items (the
development half); the even half stays held out: ``python -m tests.content.realworld_eval
--dev-only`` prints the development half's failures, without it only totals (all,
development, held-out) are printed, never a held-out id. Scored like fresh2: each item as of
its reference date, which the rules get as their clock. Protocol, counts, figures and the
commit of the labels: ``fresh3/README.md``.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from pathlib import Path

from tests.content.fresh2_eval import Item, _item, _line, _summary, score

FRESH3 = Path(__file__).parent / "fresh3"


def load_fresh3() -> list[Item]:
    if not (FRESH3 / "labels.toml").exists():
        return []
    labels = tomllib.loads((FRESH3 / "labels.toml").read_text(encoding="utf-8"))
    raw_items = tomllib.loads((FRESH3 / "items.toml").read_text(encoding="utf-8"))["items"]
    return [_item(raw, labels[raw["id"]]) for raw in raw_items]


def development(items: list[Item]) -> list[Item]:
    """The development part: odd item numbers (f3001, f3003, ...). The even half stays held out:
    its failures are never printed, only its totals, once, at the end of the work."""
    return [item for item in items if int(item.id[1:]) % 2]


def totals(name: str, items: list[Item]) -> str:
    """One line of figures without any item id (for the held-out half)."""
    s = score(items)
    return (
        f"{name}: items {len(items)}, open calls labelled {s.labelled_open}, offered as open "
        f"{s.offered}: precision {s.precision:.3f} recall {s.recall:.3f}; closed offered as "
        f"open {len(s.closed_offered)}, unknown offered {len(s.unknown_offered)}; deadlines "
        f"right {s.deadline_right}/{s.deadline_stated}; calls recognised {s.recognised}/{s.calls}"
        f", not calls taken for calls {len(s.false_calls)}"
    )


def fresh3_report(items: list[Item], *, dev_only: bool = False) -> str:
    if dev_only:
        items = development(items)
    name = "development (odd ids)" if dev_only else "all"
    lines = _summary(name, items)
    header = "items  labelled-open  offered  true  closed-offered  deadlines"
    for name, field in (("language", "lang"), ("kind", "type")):
        groups: dict[str, list[Item]] = defaultdict(list)
        for item in items:
            groups[getattr(item, field)].append(item)
        lines.append(f"per {name}: {header}")
        lines += [_line(group, members) for group, members in sorted(groups.items())]
    by_source: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_source[item.source].append(item)
    failing = {source for source, group in by_source.items() if score(group).failures}
    lines.append(
        f"per source ({len(by_source)} sources; {len(by_source) - len(failing)} without a "
        f"failure): {header}"
    )
    lines += [_line(source, by_source[source]) for source in sorted(failing)]
    return "\n".join(lines)
