"""Scores the rules on the second fresh set (``fresh2/``, issue 19), each item as of its own
reference date.

Every item carries ``ref``, the day its labels are as of (the page's own date, else the day the
set was gathered); the rules get that day as their clock, so calls that were open when they were
published count as open calls. Protocol and yearless deadlines: ``fresh2/README.md``.
``python -m tests.content.realworld_eval`` prints this report first.
"""

from __future__ import annotations

import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from cagbot.content import classify as _rules
from cagbot.content.classify import classify_opportunity
from cagbot.models import OpportunityDetails, Post

FRESH2 = Path(__file__).parent / "fresh2"
_Date = date


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    url: str
    source: str
    lang: str
    date: _Date | None
    ref: _Date
    title: str
    summary: str
    type: str
    status: str | None
    deadline: str | None  # ISO, or "--MM-DD" (yearless)

    @property
    def held_out(self) -> bool:
        return int(self.id[1:]) % 3 == 0

    @property
    def open_call(self) -> bool:
        return self.type != "none" and self.status == "open"


def load_fresh2() -> list[Item]:
    if not (FRESH2 / "labels.toml").exists():
        return []
    labels = tomllib.loads((FRESH2 / "labels.toml").read_text(encoding="utf-8"))
    raw_items = tomllib.loads((FRESH2 / "items.toml").read_text(encoding="utf-8"))["items"]
    return [_item(raw, labels[raw["id"]]) for raw in raw_items]


def _item(raw: dict[str, str], label: dict[str, str]) -> Item:
    return Item(
        id=raw["id"], url=raw["url"], source=raw["source"], lang=raw["lang"],
        date=date.fromisoformat(raw["date"]) if raw.get("date") else None,
        ref=date.fromisoformat(raw["ref"]), title=raw["title"], summary=raw["summary"],
        type=label["type"], status=label.get("status"), deadline=label.get("deadline"),
    )  # fmt: skip


def classify(item: Item) -> OpportunityDetails | None:
    return classify_opportunity(
        item.title, item.summary, language=item.lang, published=item.date, today=item.ref
    )


def offered(item: Item, details: OpportunityDetails | None) -> bool:
    """Offered to a reader as an open call on the item's reference date."""
    if details is None:
        return False
    moment = datetime.combine(item.date or item.ref, datetime.min.time(), tzinfo=UTC)
    post = Post(
        id=0, key=item.id, title=item.title, summary=item.summary, language=item.lang,
        source=item.url, kind="opportunity", url=item.url, guid=None,
        published=moment if item.date else None, topics=(), countries=(), opportunity=details,
        created_at=moment, updated_at=moment,
    )  # fmt: skip
    return post.open_call_on(item.ref)


def deadline_found(item: Item, details: OpportunityDetails | None) -> str | None:
    """The deadline the rules state, in the labels' notation (ISO or --MM-DD)."""
    if details is not None and details.deadline is not None:
        return details.deadline.isoformat()
    if details is not None and item.date is None:
        # Rules before issue 19's fresh2 work had no yearless deadline at all.
        finder = getattr(_rules, "yearless_deadline", None)
        found = finder(f"{item.title}. {item.summary}", item.lang) if finder else None
        return f"--{found[0]:02d}-{found[1]:02d}" if found else None
    return None


@dataclass(slots=True)
class Scores:
    offered: int = 0
    true_open: int = 0
    labelled_open: int = 0
    closed_offered: list[str] = field(default_factory=list)
    unknown_offered: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    deadline_stated: int = 0
    deadline_right: int = 0
    wrong_deadlines: list[str] = field(default_factory=list)
    calls: int = 0
    recognised: int = 0
    false_calls: list[str] = field(default_factory=list)
    not_recognised: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_open / self.offered if self.offered else 1.0

    @property
    def recall(self) -> float:
        return self.true_open / self.labelled_open if self.labelled_open else 1.0

    @property
    def failures(self) -> int:
        return len(self.misses) + len(self.false_alarms) + len(self.wrong_deadlines)


def score(items: list[Item]) -> Scores:
    s = Scores()
    for item in items:
        details = classify(item)
        shown = offered(item, details)
        s.offered += shown
        s.labelled_open += item.open_call
        if shown and item.open_call:
            s.true_open += 1
        elif shown:
            s.false_alarms.append(item.id)
            if item.status == "closed":
                s.closed_offered.append(item.id)
            elif item.status == "unknown":
                s.unknown_offered.append(item.id)
        elif item.open_call:
            s.misses.append(item.id)
        is_call = item.type != "none"
        s.calls += is_call
        if is_call and details is not None:
            s.recognised += 1
        elif is_call:
            s.not_recognised.append(item.id)
        elif details is not None:
            s.false_calls.append(item.id)
        if is_call and item.deadline is not None:
            s.deadline_stated += 1
            found = deadline_found(item, details)
            if found == item.deadline:
                s.deadline_right += 1
            else:
                s.wrong_deadlines.append(f"{item.id}: {found} != {item.deadline}")
    return s


def _summary(name: str, items: list[Item]) -> list[str]:
    s = score(items)
    return [
        f"{name}: items {len(items)}, open calls labelled {s.labelled_open}, offered as open "
        f"{s.offered}: precision {s.precision:.3f} recall {s.recall:.3f}; closed offered as "
        f"open {len(s.closed_offered)} {s.closed_offered}, unknown offered "
        f"{len(s.unknown_offered)} {s.unknown_offered}; deadlines right "
        f"{s.deadline_right}/{s.deadline_stated} (wrong {s.deadline_stated - s.deadline_right})",
        f"  misses {s.misses}  false alarms {s.false_alarms}",
        f"  wrong deadlines {s.wrong_deadlines}",
        f"  calls recognised {s.recognised}/{s.calls}, not calls taken for calls "
        f"{len(s.false_calls)} {s.false_calls}",
    ]


def fresh2_report(items: list[Item]) -> str:
    lines = _summary("all", items)
    lines += _summary("held-out (id % 3 == 0)", [i for i in items if i.held_out])
    lines += _summary("development", [i for i in items if not i.held_out])
    lines.append("per language: items  labelled-open  offered  true  closed-offered  deadlines")
    for language in sorted({item.lang for item in items}):
        lines.append(_line(language, [i for i in items if i.lang == language]))
    by_source: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_source[item.source].append(item)
    right = [source for source, group in by_source.items() if not score(group).failures]
    lines.append(f"per source ({len(by_source)} sources; {len(right)} without a failure):")
    for source, group in sorted(by_source.items()):
        if source not in right:
            lines.append(_line(source, group))
    return "\n".join(lines)


def _line(name: str, group: list[Item]) -> str:
    s = score(group)
    return (
        f"  {name[:34]:<34} {len(group):3} {s.labelled_open:4} {s.offered:4} {s.true_open:4} "
        f"{len(s.closed_offered):4}   {s.deadline_right}/{s.deadline_stated}"
    )


def cost_ms(items: list[Item], rounds: int = 3) -> float:
    """Median warm classification cost per item, in milliseconds."""
    for item in items:
        classify(item)  # warm: dateparser's caches, compiled patterns
    runs = []
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            classify(item)
        runs.append((time.perf_counter() - start) * 1000 / len(items))
    return sorted(runs)[len(runs) // 2]
