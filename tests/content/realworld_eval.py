"""Scores the content pipeline on the hand-labelled real-world items (tests/content/realworld).

``python -m tests.content.realworld_eval [--holdout]`` prints the figures; the tests in
test_realworld.py gate on them. Tuning looks at the development part only (ids whose number
is not divisible by 4); the held-out part is scored separately.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from cagbot.content.classify import classify_opportunity
from cagbot.content.language import detect_language
from cagbot.content.tagging import tag
from cagbot.lexicon import load_lexicon
from cagbot.models import OpportunityDetails, Post

HERE = Path(__file__).parent / "realworld"
CALL_LANGUAGES = ("sv", "en", "ru")  # the classifier's languages; the rest test detection
TODAY = date(2026, 12, 1)  # "December 2026" of the issue


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    url: str
    lang: str
    date: date
    title: str
    summary: str
    type: str
    deadline: date | None
    status: str | None
    topics: frozenset[str]

    @property
    def held_out(self) -> bool:
        return int(self.id[1:]) % 4 == 0

    @property
    def open_call(self) -> bool:
        return self.type != "none" and self.status == "open"


def load_items() -> list[Item]:
    labels = tomllib.loads((HERE / "labels.toml").read_text(encoding="utf-8"))
    items = []
    for path in sorted(HERE.glob("items_*.toml")):
        for raw in tomllib.loads(path.read_text(encoding="utf-8"))["items"]:
            label = labels[raw["id"]]
            items.append(
                Item(
                    id=raw["id"],
                    url=raw["url"],
                    lang=raw["lang"],
                    date=date.fromisoformat(raw["date"]),
                    title=raw["title"],
                    summary=raw["summary"],
                    type=label["type"],
                    deadline=date.fromisoformat(label["deadline"]) if "deadline" in label else None,
                    status=label.get("status"),
                    topics=frozenset(label.get("topics", ())),
                )
            )
    return items


def classify(item: Item) -> OpportunityDetails | None:
    return classify_opportunity(item.title, item.summary, language=item.lang, published=item.date)


def as_post(item: Item, details: OpportunityDetails | None) -> Post:
    moment = datetime.combine(item.date, datetime.min.time(), tzinfo=UTC)
    return Post(
        id=0, key=item.id, title=item.title, summary=item.summary, language=item.lang,
        source=item.url, kind="opportunity" if details else "post", url=item.url, guid=None,
        published=moment, topics=(), countries=(), opportunity=details, created_at=moment,
        updated_at=moment,
    )  # fmt: skip


@dataclass(slots=True)
class Scores:
    offered: int = 0
    true_open: int = 0
    labelled_open: int = 0
    expired_offered: list[str] | None = None
    deadline_stated: int = 0
    deadline_right: int = 0
    type_right: int = 0
    misses: list[str] | None = None
    false_alarms: list[str] | None = None
    wrong_deadlines: list[str] | None = None

    @property
    def precision(self) -> float:
        return self.true_open / self.offered if self.offered else 1.0

    @property
    def recall(self) -> float:
        return self.true_open / self.labelled_open if self.labelled_open else 1.0

    @property
    def deadline_accuracy(self) -> float:
        return self.deadline_right / self.deadline_stated if self.deadline_stated else 1.0


def score_calls(items: list[Item]) -> Scores:
    scores = Scores(expired_offered=[], misses=[], false_alarms=[], wrong_deadlines=[])
    for item in items:
        if item.lang not in CALL_LANGUAGES:
            continue
        details = classify(item)
        offered = details is not None and not as_post(item, details).closed_on(item.date)
        scores.offered += offered
        scores.labelled_open += item.open_call
        if offered and item.open_call:
            scores.true_open += 1
            scores.type_right += details is not None and details.type == item.type
        elif offered:
            scores.false_alarms.append(item.id)  # type: ignore[union-attr]
        elif item.open_call:
            scores.misses.append(item.id)  # type: ignore[union-attr]
        if details is not None and not as_post(item, details).closed_on(TODAY):
            scores.expired_offered.append(item.id)  # type: ignore[union-attr]
        if item.type != "none" and item.deadline is not None:
            scores.deadline_stated += 1
            found = details.deadline if details else None
            if found == item.deadline:
                scores.deadline_right += 1
            else:
                scores.wrong_deadlines.append(f"{item.id}: {found} != {item.deadline}")  # type: ignore[union-attr]
    return scores


def language_errors(items: list[Item]) -> list[str]:
    return [
        f"{item.id}: {found} != {item.lang}"
        for item in items
        if (found := detect_language(f"{item.title} {item.summary}")) != item.lang
    ]


def tag_scores(items: list[Item]) -> dict[str, tuple[int, int, int]]:
    """Per topic: (true positives, tagged, labelled)."""
    lexicon = load_lexicon()
    counts: dict[str, Counter[str]] = {slug: Counter() for slug in lexicon.topic_slugs()}
    for item in items:
        topics, _ = tag(f"{item.title} {item.summary}", lexicon)
        for slug in lexicon.topic_slugs():
            found, wanted = slug in topics, slug in item.topics
            counts[slug]["tp"] += found and wanted
            counts[slug]["tagged"] += found
            counts[slug]["labelled"] += wanted
    return {slug: (c["tp"], c["tagged"], c["labelled"]) for slug, c in counts.items()}


def report(items: list[Item]) -> str:
    s = score_calls(items)
    lines = [
        f"items {len(items)}, open calls labelled {s.labelled_open}, offered as open {s.offered}",
        f"open-call precision {s.precision:.3f}  recall {s.recall:.3f}  "
        f"type right {s.type_right}/{s.true_open}",
        f"deadlines right {s.deadline_right}/{s.deadline_stated} ({s.deadline_accuracy:.3f})",
        f"offered as open on {TODAY}: {s.expired_offered}",
        f"misses {s.misses}",
        f"false alarms {s.false_alarms}",
        f"wrong deadlines {s.wrong_deadlines}",
        f"language errors {language_errors(items)}",
        "topic       precision  recall  (tp/tagged/labelled)",
    ]
    for slug, (tp, tagged, labelled) in tag_scores(items).items():
        precision = tp / tagged if tagged else 1.0
        recall = tp / labelled if labelled else 1.0
        lines.append(f"{slug:<11} {precision:9.2f} {recall:7.2f}  ({tp}/{tagged}/{labelled})")
    return "\n".join(lines)


if __name__ == "__main__":
    everything = load_items()
    held_out = "--holdout" in sys.argv
    print(report([item for item in everything if item.held_out == held_out]))
