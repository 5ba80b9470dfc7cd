"""What an import did, item by item, for the CLI and the admin command to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["added", "updated", "unchanged", "skipped", "failed"]
OUTCOMES: tuple[Outcome, ...] = ("added", "updated", "unchanged", "skipped", "failed")


@dataclass(frozen=True, slots=True)
class ImportItem:
    source: str
    title: str | None
    outcome: Outcome
    reason: str | None = None
    post_id: int | None = None


@dataclass(slots=True)
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    items: list[ImportItem] = field(default_factory=list)
    # Source-level notes that are not an outcome of one item (bytes replaced, empty file).
    warnings: list[str] = field(default_factory=list)

    def add(self, item: ImportItem) -> None:
        self.items.append(item)
        setattr(self, item.outcome, getattr(self, item.outcome) + 1)

    def summary(self) -> str:
        line = ", ".join(f"{getattr(self, outcome)} {outcome}" for outcome in OUTCOMES)
        if self.warnings:
            line += f" ({len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''})"
        return line
